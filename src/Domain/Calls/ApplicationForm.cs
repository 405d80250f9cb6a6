namespace CallManager.Domain.Calls;

/// <summary>The dossier form of a call, as data: sections of fields.</summary>
public sealed class ApplicationForm
{
    public List<FormSection> Sections { get; set; } = [];

    /// <summary>Every field of every section.</summary>
    public IEnumerable<FormField> Fields => Sections.SelectMany(s => s.Fields);

    /// <summary>The field with <paramref name="key"/>, or null.</summary>
    public FormField? Field(string key) => Fields.FirstOrDefault(f => f.Key == key);
}

/// <summary>A titled group of fields.</summary>
public sealed class FormSection
{
    public string Key { get; set; } = "";
    public string TitleFr { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public List<FormField> Fields { get; set; } = [];
}

/// <summary>What a field holds.</summary>
public enum FieldType
{
    ShortText,
    LongText,
    Number,
    Amount,
    Date,
    SingleChoice,
    MultipleChoice,
    File,

    /// <summary>A French commune from the official list, given by INSEE code or picker label, stored as "Cahors (46042)".</summary>
    Commune,

    /// <summary>A French département from the official list, given by code or name, stored as its official name ("Lot").</summary>
    Departement,

    /// <summary>A French région from the official list, given by code or name, stored as its official name ("Occitanie").</summary>
    Region,
}

/// <summary>One question of the form; limits apply by type (length, choices, file types and size).</summary>
public sealed class FormField
{
    public string Key { get; set; } = "";
    public string LabelFr { get; set; } = "";
    public string LabelEn { get; set; } = "";
    public FieldType Type { get; set; }
    public bool Required { get; set; }

    /// <summary>Maximum length of a text answer.</summary>
    public int? MaxLength { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public List<string> Choices { get; set; } = [];

    /// <summary>Allowed file kinds for a file field: "pdf", "png", "jpeg", "docx", "xlsx", "odt", "ods".</summary>
    public List<string> AllowedFileTypes { get; set; } = [];

    /// <summary>Maximum size of one file in bytes.</summary>
    public long? MaxFileSize { get; set; }

    /// <summary>Hidden from reviewers when the call is anonymised.</summary>
    public bool Personal { get; set; }

    /// <summary>Label in <paramref name="language"/>.</summary>
    public string Label(string language) => language == "en" && LabelEn.Length > 0 ? LabelEn : LabelFr;
}
