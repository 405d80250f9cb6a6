using System.Data.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CallManager.Domain.Tests.Persistence;

/// <summary>
/// Inserts entities into a database migrated only up to an older migration: the current model's values, written to the
/// columns that schema already has (EF Core's own insert would name columns added since).
/// </summary>
internal static class OldSchemaRows
{
    public static async Task InsertAsync(CallManagerDbContext db, params object[] entities)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync();
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var entity in entities)
        {
            var type = db.Model.FindEntityType(entity.GetType())!;
            var table = type.GetTableName()!;
            var existing = await ColumnsAsync(db, connection, table);
            var entry = db.Entry(entity);
            var columns = new List<(string Name, object? Value)>();
            foreach (var property in type.GetProperties())
            {
                var column = property.GetColumnName(StoreObjectIdentifier.Table(table, type.GetSchema()));
                if (column is null || !existing.Contains(column)) continue;
                var value = entry.Property(property.Name).CurrentValue;
                var converter = property.GetTypeMapping().Converter;
                columns.Add((column, converter is null || value is null ? value : converter.ConvertToProvider(value)));
            }
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table, type.GetSchema())} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
                                  $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
            for (var i = 0; i < columns.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                parameter.Value = columns[i].Value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<HashSet<string>> ColumnsAsync(CallManagerDbContext db, DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = db.Provider == DatabaseProvider.Sqlite
            ? $"SELECT name FROM pragma_table_info('{table}')"
            : $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'";
        var names = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
