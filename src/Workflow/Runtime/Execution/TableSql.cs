using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Workflow.Runtime.Execution;

/// <summary>
/// The INSERT, UPDATE and DELETE text of one table and the parameters of its rows, generated from the EF Core model
/// of the running provider: its quoting, column names and value conversions (SQLite instants as UTC ticks, enums as
/// text), so one code path serves SQLite, PostgreSQL and SQL Server without a change tracker.
/// </summary>
internal sealed class TableSql
{
    private static readonly ConditionalWeakTable<IModel, Dictionary<Type, TableSql>> Cache = new();
    private readonly Dictionary<string, (IProperty Property, RelationalTypeMapping Mapping, string Column)> _columns;
    private readonly string[] _inserted;
    private readonly string[] _all;

    private TableSql(IEntityType entity, ISqlGenerationHelper sql)
    {
        Table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        _columns = entity.GetProperties().ToDictionary(p => p.Name, p => (p, p.GetRelationalTypeMapping(), sql.DelimitIdentifier(p.GetColumnName())));
        // A long primary key is an identity column: the database numbers the rows (the journal's order).
        _inserted = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ClrType == typeof(long))).Select(p => p.Name).ToArray();
        _all = entity.GetProperties().Select(p => p.Name).ToArray();
    }

    /// <summary>How many columns <see cref="SelectList"/> reads.</summary>
    public int ColumnCount => _all.Length;

    /// <summary>Every column of the table, prefixed by <paramref name="alias"/>, in the order <see cref="Read{T}"/> expects.</summary>
    public string SelectList(string alias) => string.Join(", ", _all.Select(p => alias + "." + Column(p)));

    /// <summary>Reads a row selected with <see cref="SelectList"/> from column <paramref name="offset"/> on, converted as the model stores it.</summary>
    public T Read<T>(DbDataReader reader, int offset) where T : new()
    {
        var row = new T();
        for (var c = 0; c < _all.Length; c++)
        {
            var (property, mapping, _) = _columns[_all[c]];
            if (reader.IsDBNull(offset + c)) continue; // a new row holds the CLR default; a nullable column read as null
            var stored = ReadStored(reader, offset + c, mapping.Converter?.ProviderClrType ?? mapping.ClrType);
            property.PropertyInfo!.SetValue(row, mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored);
        }
        return row;
    }

    private static object ReadStored(DbDataReader reader, int ordinal, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return Enum.ToObject(type, reader.GetInt64(ordinal));
        return type switch
        {
            _ when type == typeof(string) => reader.GetString(ordinal),
            _ when type == typeof(Guid) => reader.GetGuid(ordinal),
            _ when type == typeof(long) => reader.GetInt64(ordinal),
            _ when type == typeof(int) => reader.GetInt32(ordinal),
            _ when type == typeof(bool) => reader.GetBoolean(ordinal),
            _ when type == typeof(double) => reader.GetDouble(ordinal),
            _ when type == typeof(decimal) => reader.GetDecimal(ordinal),
            _ when type == typeof(DateTime) => reader.GetDateTime(ordinal),
            _ when type == typeof(DateTimeOffset) => reader.GetFieldValue<DateTimeOffset>(ordinal),
            _ => reader.GetValue(ordinal),
        };
    }

    /// <summary>The quoted table name.</summary>
    public string Table { get; }

    /// <summary>The SQL of <typeparamref name="T"/>'s table in the model of <paramref name="db"/> (built once per model).</summary>
    public static TableSql For<T>(DbContext db)
    {
        var byType = Cache.GetValue(db.Model, _ => []);
        lock (byType)
        {
            if (byType.TryGetValue(typeof(T), out var found)) return found;
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            return byType[typeof(T)] = new TableSql(entity, db.GetService<ISqlGenerationHelper>());
        }
    }

    /// <summary>The quoted column of property <paramref name="name"/>.</summary>
    public string Column(string name) => _columns[name].Column;

    /// <summary>Appends a multi-row INSERT of <paramref name="rows"/> to <paramref name="command"/> (text and parameters).</summary>
    public void AppendInsert<T>(DbCommand command, StringBuilder text, IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count == 0) return;
        text.Append("INSERT INTO ").Append(Table).Append(" (").AppendJoin(", ", _inserted.Select(Column)).Append(") VALUES ");
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _inserted.Length; c++)
                text.Append(c == 0 ? "" : ", ").Append(Parameter(command, _inserted[c], rows[r]));
            text.Append(')');
        }
        text.Append(";\n");
    }

    /// <summary>Adds a parameter holding property <paramref name="name"/> of <paramref name="row"/>; returns its placeholder.</summary>
    public string Parameter(DbCommand command, string name, object row) => Value(command, name, _columns[name].Property.PropertyInfo!.GetValue(row));

    /// <summary>Adds a parameter holding <paramref name="value"/>, converted as column <paramref name="name"/> stores it; returns its placeholder.</summary>
    public string Value(DbCommand command, string name, object? value)
    {
        var (property, mapping, _) = _columns[name];
        var placeholder = "@p" + command.Parameters.Count;
        command.Parameters.Add(mapping.CreateParameter(command, placeholder, value, property.IsNullable));
        return placeholder;
    }
}
