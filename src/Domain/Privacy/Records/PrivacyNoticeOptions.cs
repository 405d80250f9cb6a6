namespace CallManager.Domain.Privacy.Records;

/// <summary>Configuration section <c>Privacy:Notice</c>: who the controller and the data-protection officer are, shown in the privacy notice.</summary>
public sealed class PrivacyNoticeOptions
{
    /// <summary>The controller (the funder running the calls).</summary>
    public string Controller { get; set; } = "";

    /// <summary>The controller's postal address.</summary>
    public string ControllerAddress { get; set; } = "";

    /// <summary>The data-protection officer's name or service.</summary>
    public string DpoName { get; set; } = "";

    /// <summary>Where to write to the data-protection officer (an e-mail address).</summary>
    public string DpoEmail { get; set; } = "";

    /// <summary>The supervisory authority a person may complain to.</summary>
    public string SupervisoryAuthority { get; set; } = "CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07 — www.cnil.fr";
}
