using System.Text.Json;

namespace ActivityService.Core.Activities;

/// <summary>
/// Turns request bodies into activity content (contract §3.1, §5) and activities into response JSON (contract §3).
/// Pure: no storage, no clock; the caller owns identity, tenancy and concurrency.
/// </summary>
public static partial class ActivityJson
{
    /// <summary>The <c>errors</c> key for a problem with the body as a whole (a JSON path's root).</summary>
    public const string BodyErrorKey = "$";

    /// <summary>Binds a <c>POST</c> body: a JSON object of writable fields; absent fields are null.</summary>
    public static ActivityBindResult BindCreate(JsonElement body) =>
        Bind(new ActivityContent(), body, allowedFields: null, isMergePatch: false);

    /// <summary>
    /// Applies a JSON merge patch (RFC 7396) to <paramref name="current"/>: a named field is replaced
    /// (null clears it), <c>properties</c> is merged key by key (null deletes a key), and the merged
    /// content is validated whole. <paramref name="allowedFields"/>, when given, limits which fields the
    /// patch may name (<see cref="ActivityFields.UserScopedPatchable"/> for the user-scoped endpoint).
    /// </summary>
    public static ActivityBindResult BindMergePatch(
        ActivityContent current,
        JsonElement patch,
        IReadOnlySet<string>? allowedFields = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        return Bind(current, patch, allowedFields, isMergePatch: true);
    }

    private static ActivityBindResult Bind(
        ActivityContent start,
        JsonElement body,
        IReadOnlySet<string>? allowedFields,
        bool isMergePatch)
    {
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(BodyErrorKey, "The body must be a JSON object.");
            return ActivityBindResult.Failure(errors.ToDictionary());
        }

        var content = start;
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            if (IsBindable(member.Name, named, allowedFields, errors))
            {
                content = ActivityFieldBinder.Apply(content, member.Name, member.Value, isMergePatch, errors);
            }
        }

        // Markup equal to what is stored is stored sanitizer output sent back (a client returning the
        // resource it read): it is no change, and is neither judged against the input limit nor sanitized.
        var markupChanged = !string.Equals(content.FormattedDescription, start.FormattedDescription, StringComparison.Ordinal);
        AddRuleErrors(markupChanged ? content : content with { FormattedDescription = null }, errors);
        if (markupChanged && content.FormattedDescription is { } markup && !errors.Has(ActivityFields.FormattedDescription))
        {
            content = content with { FormattedDescription = Sanitize(markup, errors) };
        }

        return errors.IsEmpty ? ActivityBindResult.Success(content) : ActivityBindResult.Failure(errors.ToDictionary());
    }

    private static bool IsBindable(string field, HashSet<string> named, IReadOnlySet<string>? allowed, FieldErrors errors)
    {
        if (!named.Add(field))
        {
            errors.Add(field, "Appears more than once in the body.");
        }
        else if (ActivityFields.ReadOnly.Contains(field))
        {
            errors.Add(field, "Is read-only.");
        }
        else if (!ActivityFields.Writable.Contains(field) && !ActivityFields.OwnerOnly.Contains(field))
        {
            errors.Add(field, "Is not a field of an activity.");
        }
        else if (allowed is not null ? !allowed.Contains(field) : ActivityFields.OwnerOnly.Contains(field))
        {
            errors.Add(field, "Cannot be changed through this endpoint.");
        }
        else
        {
            return true;
        }

        return false;
    }

    /// <summary>
    /// Validates the content whole, except that a field whose JSON was already refused is not judged
    /// again on the value it kept. Stored markup the request leaves unchanged comes in as null: it is
    /// sanitizer output, which may exceed the input limit (entities, end tags), and was judged when sent.
    /// </summary>
    private static void AddRuleErrors(ActivityContent judged, FieldErrors errors)
    {
        foreach (var (field, messages) in ActivityValidator.Validate(judged))
        {
            if (errors.Has(field))
            {
                continue;
            }

            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
    }

    /// <summary>
    /// Stored markup is always sanitized. The 4,000-character limit applies to the markup as sent
    /// (what the client can see and count); sanitizing runs after that check passed.
    /// </summary>
    private static string Sanitize(string markup, FieldErrors errors)
    {
        var result = FormattedDescriptionSanitizer.Default.Sanitize(markup);
        if (!result.IsSanitized)
        {
            errors.Add(ActivityFields.FormattedDescription, result.Error);
            return markup;
        }

        return result.Html;
    }
}
