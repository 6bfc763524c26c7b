using System.Text.Json;

namespace ActivityService.Core.Activities;

/// <summary>
/// A <c>POST /api/me/activities/bulk</c> body (contract §10): <c>{"ids": [...], "set": {...}, "versions": {id: v}}</c>.
/// Binding checks everything up front, so a bad request changes nothing.
/// </summary>
public sealed record BulkRequest(IReadOnlyList<string> Ids, JsonElement Set, IReadOnlyDictionary<string, long> Versions)
{
    public const int MaxIds = 100;

    public static (BulkRequest? Request, IReadOnlyDictionary<string, string[]>? Errors) Bind(JsonElement body)
    {
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ActivityJson.BodyErrorKey, "The body must be a JSON object.");
            return (null, errors.ToDictionary());
        }

        List<string>? ids = null;
        JsonElement? set = null;
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            if (!named.Add(member.Name))
            {
                errors.Add(member.Name, "Appears more than once in the body.");
                continue;
            }

            switch (member.Name)
            {
                case "ids":
                    ids = BindIds(member.Value, errors);
                    break;
                case "set":
                    set = BindSet(member.Value, errors);
                    break;
                case "versions":
                    BindVersions(member.Value, versions, errors);
                    break;
                default:
                    errors.Add(member.Name, "Is not a member of a bulk request; use ids, set and versions.");
                    break;
            }
        }

        if (!named.Contains("ids"))
        {
            errors.Add("ids", "Is required: an array of 1-100 activity ids.");
        }

        if (!named.Contains("set"))
        {
            errors.Add("set", "Is required: an object with read_at, seen_at and/or archived_at.");
        }

        foreach (var id in versions.Keys.Where(id => ids is not null && !ids.Contains(id, StringComparer.Ordinal)))
        {
            errors.Add("versions", $"Names an id that is not in ids: {id}.");
        }

        return errors.IsEmpty ? (new BulkRequest(ids!, set!.Value, versions), null) : (null, errors.ToDictionary());
    }

    private static List<string>? BindIds(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxIds)
        {
            errors.Add("ids", $"Must be an array of 1-{MaxIds} activity ids.");
            return null;
        }

        var ids = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !JsonText.TryGetString(item, out var id) || id.Length is 0 or > 128)
            {
                errors.Add("ids", "Each id must be a string of 1-128 characters.");
                return null;
            }

            if (ids.Contains(id, StringComparer.Ordinal))
            {
                errors.Add("ids", $"Each id may appear only once; repeated: {id}.");
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The same fields and rules as <c>PATCH /api/me/activities/{id}</c>, checked against a sample activity.</summary>
    private static JsonElement? BindSet(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.EnumerateObject().Any())
        {
            errors.Add("set", "Must be an object with read_at, seen_at and/or archived_at.");
            return null;
        }

        var bound = ActivityJson.BindMergePatch(new ActivityContent { Title = "sample" }, value, ActivityFields.UserScopedPatchable);
        foreach (var (field, messages) in bound.Errors)
        {
            foreach (var message in messages)
            {
                errors.Add("set." + field, message);
            }
        }

        return bound.IsValid ? value : null;
    }

    private static void BindVersions(JsonElement value, Dictionary<string, long> versions, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("versions", "Must be an object mapping ids to versions.");
            return;
        }

        foreach (var member in value.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.Number || !member.Value.TryGetInt64(out var version) || version < 1)
            {
                errors.Add("versions", $"The version of {member.Name} must be a positive integer.");
            }
            else if (!versions.TryAdd(member.Name, version))
            {
                errors.Add("versions", $"Names {member.Name} more than once.");
            }
        }
    }
}
