using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CallManager.Runtime.Storage;

/// <summary>
/// Stores an instant as UTC ticks (a sortable, comparable integer) where the engine has no instant type
/// (SQLite), so deadlines can be compared and ordered inside queries.
/// </summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
