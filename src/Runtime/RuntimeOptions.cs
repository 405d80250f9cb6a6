namespace CallManager.Runtime;

/// <summary>Configuration section <c>Workflows</c>: where definitions live, how long the journal and the inbox are kept.</summary>
public sealed class RuntimeOptions
{
    /// <summary>Definition files, relative to the repository root (<c>CallManager:RepositoryRoot</c>).</summary>
    public string DefinitionsPattern { get; set; } = "workflows/*.json";

    /// <summary>The most bytes a definition uploaded while the app runs may have.</summary>
    public int MaxDefinitionBytes { get; set; } = 1_048_576;

    /// <summary>Journal entries older than this are deleted (at start-up and daily).</summary>
    public TimeSpan JournalRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// How long a stimulus that arrived before any matching bookmark waits in the inbox. Past it, the stimulus is no
    /// longer delivered (a bookmark created later does not receive it) and is deleted daily.
    /// </summary>
    public TimeSpan InboxLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How many times a step is retried when another writer changed the instance at the same time.</summary>
    public int MaxConcurrencyRetries { get; set; } = 200;

    /// <summary>
    /// On SQLite, stimuli whose instances run only built-in, database-free activities resume through one long-lived
    /// connection and are committed in groups (<see cref="Sqlite.GroupCommit"/>); false sends every stimulus the scoped path.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>JavaScript limits: wall-clock time per evaluation.</summary>
    public TimeSpan ScriptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>JavaScript limits: statements per evaluation.</summary>
    public int ScriptMaxStatements { get; set; } = 10_000;

    /// <summary>JavaScript limits: bytes allocated per evaluation.</summary>
    public long ScriptMemoryLimit { get; set; } = 8_000_000;

    /// <summary>How often the workflow start dispatcher looks for starts and stimuli not delivered with their change.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed deliveries before an outbox item is left alone (it stays visible as failing in /health).</summary>
    public int OutboxMaxAttempts { get; set; } = 20;

    /// <summary>Back-off after a failed delivery: doubled each time, capped by <see cref="OutboxMaxRetryDelay"/>.</summary>
    public TimeSpan OutboxFirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan OutboxMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an item claimed by a host's dispatcher is reserved to it (a crashed host's claim expires).</summary>
    public TimeSpan OutboxLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>/health is Degraded when an undelivered item is older than this.</summary>
    public TimeSpan OutboxStaleAfter { get; set; } = TimeSpan.FromMinutes(5);
}
