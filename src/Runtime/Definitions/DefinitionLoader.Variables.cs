using System.Text.Json.Nodes;

namespace CallManager.Runtime.Definitions;

/// <summary>Variables as Elsa declares them: <c>{ "id", "name", "typeName", "isArray", "value", "storageDriverTypeName" }</c>.</summary>
public sealed partial class DefinitionLoader
{
    /// <summary>The declared variables of a definition (its own and its root's): initial values, types, and names by Elsa id.</summary>
    private sealed class Variables
    {
        public JsonObject Defaults { get; } = new();
        public Dictionary<string, (string? TypeName, bool IsArray)> Types { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> NamesById { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Points a SetVariable's <c>variable</c> input (a name, or Elsa's reference by name or by id) at the declared variable,
        /// with its type, so the activity converts what it stores as Elsa does.
        /// </summary>
        public void Annotate(string activityId, string path, JsonObject activity, Problems problems)
        {
            var reference = activity["variable"];
            var name = reference switch
            {
                JsonObject o => Text(o["name"]) ?? (Text(o["id"]) is { } id && NamesById.TryGetValue(id, out var byId) ? byId : null)
                                ?? Text((o["expression"] as JsonObject)?["value"]),
                _ => Text(reference),
            };
            if (name is null)
            {
                if (reference is not null) problems.Add(activityId, $"{path}.variable", "does not name a variable. Write \"variable\": { \"name\": \"Counter\" } with a variable declared in \"variables\".");
                return; // a missing input is reported with the required inputs
            }
            if (!Types.TryGetValue(name, out var declared)) { activity["variable"] = name; return; }
            activity["variable"] = new JsonObject { ["name"] = name, ["typeName"] = declared.TypeName, ["isArray"] = declared.IsArray };
        }

        /// <summary>Points an output such as ForEach's <c>currentValue</c> (Elsa's <c>{ "memoryReference": { "id" } }</c>) at the variable's name.</summary>
        public void ResolveOutput(string activityId, string path, JsonObject activity, string output, Problems problems)
        {
            if (activity[output] is not JsonObject o) return;
            var id = Text((o["memoryReference"] as JsonObject)?["id"]) ?? Text(o["id"]);
            var name = Text(o["name"]) ?? (id is not null && NamesById.TryGetValue(id, out var byId) ? byId : null);
            if (name is null)
            {
                problems.Add(activityId, $"{path}.{output}", $"does not name a declared variable. Declare it in \"variables\" and refer to it by its id or name.");
                return;
            }
            activity[output] = new JsonObject { ["name"] = name };
        }

        /// <summary>
        /// Points an output at the variable it names, when it names one; any other target (a definition output) is left as written,
        /// and the activity stores nothing there.
        /// </summary>
        public void ResolveOutputIfVariable(JsonObject activity, string output)
        {
            if (activity[output] is not JsonObject o) return;
            var id = Text((o["memoryReference"] as JsonObject)?["id"]) ?? Text(o["id"]);
            var name = Text(o["name"]) ?? (id is not null && NamesById.TryGetValue(id, out var byId) ? byId : id);
            if (name is not null && Types.ContainsKey(name)) activity[output] = new JsonObject { ["name"] = name };
        }
    }

    private static Variables ReadVariables(JsonObject document, Problems problems)
    {
        var variables = new Variables();
        Read(document["variables"], "variables");
        if (document["root"] is JsonObject root) Read(root["variables"], "root.variables");
        return variables;

        void Read(JsonNode? list, string path)
        {
            if (list is not (JsonArray or null)) { problems.Add(null, path, "must be an array of variables. Fix its shape."); return; }
            var index = 0;
            foreach (var node in list as JsonArray ?? [])
            {
                var at = $"{path}[{index++}]";
                if (node is not JsonObject variable || Text(variable["name"]) is not { Length: > 0 } name)
                {
                    problems.Add(null, at, "has no \"name\". Give every variable a name.");
                    continue;
                }
                var typeName = Text(variable["typeName"]);
                var isArray = variable["isArray"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
                variables.Types[name] = (typeName, isArray);
                if (Text(variable["id"]) is { Length: > 0 } id) variables.NamesById[id] = name;
                try
                {
                    variables.Defaults[name] = VariableTypes.Convert(variable["value"], typeName, isArray);
                }
                catch (FormatException e)
                {
                    problems.Add(null, $"{at}.value", $"variable '{name}': {e.Message}. Fix its initial value.");
                }
            }
        }
    }
}
