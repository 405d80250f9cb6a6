using CallManager.Benchmarks;

var suites = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

var name = args.FirstOrDefault();
var chosen = suites.Where(s => name is null || name == "all" || s.Name == name).ToList();
if (chosen.Count == 0)
{
    Console.Error.WriteLine($"Unknown benchmark '{name}'. Choose one of: {string.Join(", ", suites.Select(s => s.Name))}, all.");
    return 2;
}
foreach (var suite in chosen)
{
    Console.WriteLine($"# {suite.Name}");
    await suite.RunAsync(args.Skip(1).ToArray());
}
return 0;
