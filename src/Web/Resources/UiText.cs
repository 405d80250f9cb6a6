namespace CallManager.Web.Resources;

/// <summary>Marker for the UI's text resources: <c>UiText.resx</c> (French, the default) and <c>UiText.en.resx</c>.</summary>
public sealed class UiText;
