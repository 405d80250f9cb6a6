using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using CallManager.Runtime.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Runtime.Execution;

/// <summary>
/// The INSERT, UPDATE and DELETE text of one table and the parameters of its rows, generated from the EF Core model
/// of the running provider: its quoting, column names and value conversions (SQLite instants as UTC ticks, enums as
/// text), so one code path serves SQLite, PostgreSQL and SQL Server without a change tracker.
/// </summary>
internal sealed class TableSql
{
    private static readonly ConditionalWeakTable<IModel, Dictionary<Type, TableSql>> Cache = new();
    private static readonly string[] Placeholders = Enumerable.Range(0, 2100).Select(i => "@p" + i).ToArray();
    private readonly Dictionary<string, ColumnSql> _columns;
    private readonly ColumnSql[] _inserted;
    private readonly ColumnSql[] _all;
    private readonly string _insertInto;

    /// <summary>One mapped property: its column, its provider mapping, and compiled accessors (no reflection per row).</summary>
    private sealed class ColumnSql(IProperty property, RelationalTypeMapping mapping, string column)
    {
        public IProperty Property { get; } = property;
        public RelationalTypeMapping Mapping { get; } = mapping;
        public string Column { get; } = column;
        public Type StoredType { get; } = Nullable.GetUnderlyingType(mapping.Converter?.ProviderClrType ?? mapping.ClrType) ?? mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        public Func<object, object?> Get { get; } = Getter(property);
        public Action<object, object?> Set { get; } = Setter(property);

        private static Func<object, object?> Getter(IProperty property)
        {
            var row = Expression.Parameter(typeof(object));
            var value = Expression.Property(Expression.Convert(row, property.DeclaringType.ClrType), property.PropertyInfo!);
            return Expression.Lambda<Func<object, object?>>(Expression.Convert(value, typeof(object)), row).Compile();
        }

        private static Action<object, object?> Setter(IProperty property)
        {
            var (row, value) = (Expression.Parameter(typeof(object)), Expression.Parameter(typeof(object)));
            var assign = Expression.Assign(Expression.Property(Expression.Convert(row, property.DeclaringType.ClrType), property.PropertyInfo!),
                Expression.Convert(value, property.ClrType));
            return Expression.Lambda<Action<object, object?>>(assign, row, value).Compile();
        }
    }

    private TableSql(IEntityType entity, ISqlGenerationHelper sql)
    {
        Table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        _columns = entity.GetProperties().ToDictionary(p => p.Name, p => new ColumnSql(p, p.GetRelationalTypeMapping(), sql.DelimitIdentifier(p.GetColumnName())));
        // A long primary key is an identity column: the database numbers the rows (the journal's order).
        _inserted = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ClrType == typeof(long))).Select(p => _columns[p.Name]).ToArray();
        _all = entity.GetProperties().Select(p => _columns[p.Name]).ToArray();
        _insertInto = $"INSERT INTO {Table} ({string.Join(", ", _inserted.Select(c => c.Column))}) VALUES ";
    }

    /// <summary>How many columns <see cref="SelectList"/> reads.</summary>
    public int ColumnCount => _all.Length;

    /// <summary>Every column of the table, prefixed by <paramref name="alias"/>, in the order <see cref="Read{T}"/> expects.</summary>
    public string SelectList(string alias) => string.Join(", ", _all.Select(c => alias + "." + c.Column));

    /// <summary>
    /// Reads a row selected with <see cref="SelectList"/> from column <paramref name="offset"/> on, from the current row of a
    /// writer's statement (<see cref="SqliteStatement"/>), converted as the model stores it.
    /// </summary>
    public T Read<T>(SqliteStatement statement, int offset) where T : new()
    {
        var row = new T();
        for (var c = 0; c < _all.Length; c++)
        {
            var column = _all[c];
            if (statement.IsNull(offset + c)) continue; // a new row holds the CLR default; a nullable column read as null
            var stored = ReadStored(statement, offset + c, column.StoredType);
            column.Set(row, column.Mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored);
        }
        return row;
    }

    private static object ReadStored(SqliteStatement statement, int ordinal, Type type)
    {
        if (type.IsEnum) return Enum.ToObject(type, statement.GetInt64(ordinal));
        return type switch
        {
            _ when type == typeof(string) => statement.GetString(ordinal),
            _ when type == typeof(Guid) => statement.GetGuid(ordinal),
            _ when type == typeof(long) => statement.GetInt64(ordinal),
            _ when type == typeof(int) => checked((int)statement.GetInt64(ordinal)),
            _ when type == typeof(bool) => statement.GetInt64(ordinal) != 0,
            _ when type == typeof(double) => statement.GetDouble(ordinal),
            _ when type == typeof(byte[]) => statement.GetBlob(ordinal),
            _ => throw new NotSupportedException($"The writer's statements do not read {type.Name} columns."),
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
        text.Append(_insertInto);
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _inserted.Length; c++)
                text.Append(c == 0 ? "" : ", ").Append(Add(command, _inserted[c], _inserted[c].Get(rows[r])));
            text.Append(')');
        }
        text.Append(";\n");
    }

    /// <summary>Adds a parameter holding property <paramref name="name"/> of <paramref name="row"/>; returns its placeholder.</summary>
    public string Parameter(DbCommand command, string name, object row)
    {
        var column = _columns[name];
        return Add(command, column, column.Get(row));
    }

    /// <summary>Adds a parameter holding <paramref name="value"/>, converted as column <paramref name="name"/> stores it; returns its placeholder.</summary>
    public string Value(DbCommand command, string name, object? value) => Add(command, _columns[name], value);

    /// <summary>"INSERT INTO t (...) VALUES (?, ...), ..." for <paramref name="rows"/> rows, positional parameters (a writer's statement).</summary>
    public string InsertSql(int rows)
    {
        lock (_insertSql)
        {
            if (_insertSql.TryGetValue(rows, out var text)) return text;
            var row = "(" + string.Join(", ", _inserted.Select(_ => "?")) + ")";
            return _insertSql[rows] = _insertInto + string.Join(", ", Enumerable.Repeat(row, rows)) + ";";
        }
    }

    private readonly Dictionary<int, string> _insertSql = [];

    /// <summary>Binds the inserted columns of <paramref name="rows"/> to a statement of <see cref="InsertSql"/>, as the model stores them.</summary>
    public void BindInsert<T>(SqliteStatement statement, IReadOnlyList<T> rows) where T : class
    {
        var index = 1;
        foreach (var row in rows)
            foreach (var column in _inserted)
                statement.Bind(index++, Stored(column, column.Get(row)));
    }

    /// <summary>
    /// "UPDATE t SET a = ?, ..., v = ? WHERE k = ? AND v = ?": the columns <paramref name="set"/> and the version column
    /// <paramref name="version"/> (set to the next version) of the row whose key <paramref name="key"/> and version are the
    /// ones read; positional parameters in that order. Built once per table (the columns never change).
    /// </summary>
    public string VersionedUpdateSql(IReadOnlyList<string> set, string key, string version) => _versionedUpdate ??=
        $"UPDATE {Table} SET {string.Join(", ", set.Append(version).Select(p => Column(p) + " = ?"))} WHERE {Column(key)} = ? AND {Column(version)} = ?;";

    private string? _versionedUpdate;

    /// <summary>"DELETE FROM t WHERE k = ?", built once per table (one key column).</summary>
    public string DeleteSql(string key) => _delete ??= $"DELETE FROM {Table} WHERE {Column(key)} = ?;";

    private string? _delete;

    /// <summary>Binds <paramref name="value"/> of property <paramref name="name"/> to parameter <paramref name="index"/>, converted as the model stores it.</summary>
    public void Bind(SqliteStatement statement, int index, string name, object? value) => statement.Bind(index, Stored(_columns[name], value));

    /// <summary>Binds property <paramref name="name"/> of <paramref name="row"/> to parameter <paramref name="index"/>.</summary>
    public void BindProperty(SqliteStatement statement, int index, string name, object row)
    {
        var column = _columns[name];
        statement.Bind(index, Stored(column, column.Get(row)));
    }

    private static object? Stored(ColumnSql column, object? value) =>
        value is null ? null : column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;

    private static string Add(DbCommand command, ColumnSql column, object? value)
    {
        var n = command.Parameters.Count;
        var placeholder = n < Placeholders.Length ? Placeholders[n] : "@p" + n;
        command.Parameters.Add(column.Mapping.CreateParameter(command, placeholder, value, column.Property.IsNullable));
        return placeholder;
    }
}
