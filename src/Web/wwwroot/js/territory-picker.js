// Commune pickers: as the user types, suggestions from the official list fill the input's datalist ("Cahors (46042)").
// The suggestions are a convenience: the server reads a typed INSEE code or name too, and refuses what is not on the list.
(() => {
  const labelled = /\(\d[0-9AB]\d{3}\)\s*$/;
  for (const input of document.querySelectorAll('input[data-territory-source]')) {
    const list = document.getElementById(input.getAttribute('list'));
    if (!list) continue;
    let timer = 0;
    let asked = '';
    input.addEventListener('input', () => {
      window.clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2 || query === asked || labelled.test(query)) return;
      timer = window.setTimeout(async () => {
        asked = query;
        try {
          const response = await fetch(`${input.dataset.territorySource}?limit=15&q=${encodeURIComponent(query)}`, { headers: { Accept: 'application/json' } });
          if (!response.ok) { console.warn(`Commune suggestions: HTTP ${response.status}`); return; }
          const communes = await response.json();
          list.replaceChildren(...communes.map(c => {
            const option = document.createElement('option');
            option.value = c.label;
            option.textContent = c.departementName;
            return option;
          }));
        } catch (error) {
          console.warn('Commune suggestions unavailable', error);
        }
      }, 150);
    });
  }
})();
