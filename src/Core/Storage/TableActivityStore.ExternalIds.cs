using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// The external-id mapping row (<c>e|{external id}</c>) for API writes: one row per external id, shared
/// with lifecycle events, so events find activities created through the API and an external id names at
/// most one live activity of a tenant. API edits stamp the fields they change in its field clock, so only
/// a newer event overrides them. Writing the row in the same transaction (insert, or replace on its ETag)
/// makes two writers claiming one external id race, and the loser decides again.
/// </summary>
public sealed partial class TableActivityStore
{
    /// <summary>Stamps an API edit gets: ties with an event of the same time go to the edit.</summary>
    private EventStamp ApiEditStamp() => new(clock.GetUtcNow(), long.MaxValue);

    /// <summary>
    /// The mapping row of <paramref name="externalId"/>, or <see cref="ExternalClaim.Taken"/> when it maps to
    /// another live activity.
    /// </summary>
    private async Task<ExternalClaim> ReadExternalClaimAsync(string companyId, string externalId, string activityId, CancellationToken cancellationToken)
    {
        var mapping = await table.GetEntityIfExistsAsync(companyId, RowKeys.External(externalId), cancellationToken: cancellationToken).ConfigureAwait(false);
        var holder = mapping?.GetString("ActivityId");
        if (mapping is null || holder is null || holder == activityId || (mapping.GetBoolean("Deleted") ?? false))
        {
            return new ExternalClaim(mapping, false);
        }

        // A mapping to an activity deleted through the API is free to take over.
        var live = await ReadActivityAsync(companyId, holder, cancellationToken).ConfigureAwait(false) is not null;
        return new ExternalClaim(mapping, live);
    }

    /// <summary>
    /// Adds the mapping changes of an API write: claims the new external id (with a fresh clock, or the
    /// current one stamped for <paramref name="changes"/>), releases the old one.
    /// </summary>
    private void AddExternalMappingRows(
        TableTransaction transaction, string companyId, string activityId, ActivityContent? before, ActivityContent after,
        ExternalClaim? claim, IReadOnlyList<FieldChange> changes)
    {
        if (before?.ExternalId is { } oldId && oldId != after.ExternalId && claim?.ReleasedOld is { } released)
        {
            transaction.Delete(new TableEntity(companyId, RowKeys.External(oldId)), released.ETag);
        }

        if (after.ExternalId is not { } externalId)
        {
            return;
        }

        var existing = claim?.Mapping;
        var keepsClock = existing is not null && existing.GetString("ActivityId") == activityId && !(existing.GetBoolean("Deleted") ?? false);
        var fieldClock = keepsClock ? FieldClock.Deserialize(existing!.GetString("Clock")) : FieldClock.Empty;
        var history = keepsClock ? FieldHistory.Deserialize(existing!.GetString("History")) : FieldHistory.Empty;
        var stamp = ApiEditStamp();
        foreach (var change in changes)
        {
            fieldClock = fieldClock.With(change.Field, stamp);
            if (before is not null && EventDecider.CanAssign(change.Field))
            {
                // Kept like an event's values, so a copy made by an older event sees the field as it was.
                history = history.With(change.Field, stamp, EventDecider.ValueOf(after, change.Field) ?? JsonSerializer.SerializeToElement<string?>(null), EventDecider.ValueOf(before, change.Field));
            }
        }

        var mapping = new TableEntity(companyId, RowKeys.External(externalId))
        {
            ["Kind"] = "external",
            ["ActivityId"] = activityId,
            ["Deleted"] = false,
            ["Clock"] = fieldClock.Serialize(),
            ["History"] = history.Serialize(),
            ["OwnerId"] = after.UserId,
        };
        if (keepsClock && existing!.GetString("Copies") is { } copies)
        {
            mapping["Copies"] = copies;
        }

        if (existing is null)
        {
            transaction.Add(mapping);
        }
        else
        {
            transaction.UpdateReplace(mapping, existing.ETag);
        }
    }

    /// <summary>
    /// Reads what an API write needs to keep the mapping right. Null when the write involves no external
    /// id; <see cref="ExternalClaim.Taken"/> when the new external id belongs to another live activity.
    /// </summary>
    private async Task<ExternalClaim?> ReadExternalClaimAsync(string companyId, string activityId, ActivityContent? before, ActivityContent after, CancellationToken cancellationToken)
    {
        if (before?.ExternalId is null && after.ExternalId is null)
        {
            return null;
        }

        var claim = after.ExternalId is { } externalId
            ? await ReadExternalClaimAsync(companyId, externalId, activityId, cancellationToken).ConfigureAwait(false)
            : new ExternalClaim(null, false);
        if (before?.ExternalId is { } oldId && oldId != after.ExternalId)
        {
            var old = await table.GetEntityIfExistsAsync(companyId, RowKeys.External(oldId), cancellationToken: cancellationToken).ConfigureAwait(false);
            claim = claim with { ReleasedOld = old?.GetString("ActivityId") == activityId ? old : null };
        }

        return claim;
    }

    /// <summary>The mapping row as read (null if none), whether another live activity holds it, and the old row to release.</summary>
    private sealed record ExternalClaim(TableEntity? Mapping, bool Taken, TableEntity? ReleasedOld = null);
}
