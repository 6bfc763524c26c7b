using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;
using Azure;

namespace ActivityService.Core.Storage;

/// <summary>
/// <see cref="IActivityStore"/> on one table, one partition per tenant (see <see cref="RowKeys"/>).
/// Each write is one entity group transaction; optimistic concurrency on the activity row and the
/// user's read-state row makes concurrent writers retry instead of overwriting each other.
/// </summary>
public sealed partial class TableActivityStore(TableClient table, ActivityIds ids, TimeProvider clock) : IActivityStore
{
    public async Task<CreateOutcome> CreateAsync(string companyId, NewActivity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var (id, createdAt) = ids.Next();
        var content = activity.Content;
        var draft = new Activity { Id = id, CompanyId = companyId, Content = content, CreatedAt = createdAt, UpdatedAt = createdAt, Version = 1 };
        for (var attempt = 1; ; attempt++)
        {
            var owner = content.UserId is { } userId ? await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false) : null;
            var claim = await ReadExternalClaimAsync(companyId, id, null, content, cancellationToken).ConfigureAwait(false);
            if (claim?.Taken == true)
            {
                // A replay of a create that took this external id answers as a replay, not a conflict.
                return activity.Idempotency is { } replayKey && await table.GetEntityIfExistsAsync(companyId, RowKeys.Idempotency(replayKey.Scope, replayKey.Key), cancellationToken: cancellationToken).ConfigureAwait(false) is not null
                    ? await ReplayAsync(companyId, replayKey, cancellationToken).ConfigureAwait(false)
                    : new CreateOutcome(WriteStatus.ExternalIdConflict, null);
            }

            var created = InboxRules.Arrive(draft, owner);
            var transaction = new TableTransaction();
            if (activity.Idempotency is { } key)
            {
                // First, so a replay is recognised by the failing index alone. It keeps the created
                // activity, so a replay answers with the first result even after later changes.
                var marker = ActivityEntities.ToEntity(companyId, RowKeys.Idempotency(key.Scope, key.Key), new StoredActivity(created, 0, default));
                marker["Kind"] = "idempotency";
                marker["RequestHash"] = key.RequestHash;
                transaction.Add(marker);
            }

            var counters = new UnreadCounters();
            PlanCreate(transaction, counters, created, owner, activity.Context);
            AddExternalMappingRows(transaction, companyId, id, null, content, claim, []);
            counters.WriteTo(transaction, companyId);
            try
            {
                // The activity's id is ours alone: finding its row proves this create committed.
                // Otherwise the user's read state changed under us (another create, a mark-all-read): re-read it.
                if (await CommitAsync(transaction, new CommitProof(companyId, RowKeys.Activity(id)), attempt, activity.Idempotency is not null, cancellationToken).ConfigureAwait(false))
                {
                    return new CreateOutcome(WriteStatus.Done, created);
                }
            }
            catch (TableRequestFailedException error) when (activity.Idempotency is not null && error.IsConflict && error.FailedOperationIndex == 0)
            {
                return await ReplayAsync(companyId, activity.Idempotency, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<Activity?> GetAsync(string companyId, string id, string? ownerUserId = null, CancellationToken cancellationToken = default)
    {
        // The caller's own read state is fetched alongside the row: one round trip, two reads.
        var rowRead = ReadActivityAsync(companyId, id, cancellationToken);
        var ownerRead = ownerUserId is null ? null : ReadUserStateAsync(companyId, ownerUserId, cancellationToken);
        var row = await rowRead.ConfigureAwait(false);
        var owner = ownerRead is null ? null : await ownerRead.ConfigureAwait(false);
        if (row is null || (ownerUserId is not null && row.UserId != ownerUserId))
        {
            return null;
        }

        if (owner is null && row.UserId is { } userId)
        {
            owner = await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
        }

        return row.Resolve(owner);
    }

    public async Task<int> GetUnreadCountAsync(string companyId, string userId, CancellationToken cancellationToken = default) =>
        (await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false)).UnreadCount;

    public async Task<int> MarkAllReadAsync(string companyId, string userId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
            // Everything read is seen too, so the unseen count drops to zero with it.
            var marked = state with { UnreadCount = 0, Generation = state.Generation + 1, AllReadAt = clock.GetUtcNow(), Inbox = state.Inbox with { UnseenCount = 0 } };
            try
            {
                if (state.Exists)
                {
                    await table.UpdateEntityAsync(marked.ToEntity(companyId), state.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(marked.ToEntity(companyId), cancellationToken).ConfigureAwait(false);
                }

                return 0;
            }
            catch (TableRequestFailedException error) when (IsContention(error) && attempt < ContentionBackoff.MaxAttempts)
            {
                // An activity was created or read concurrently; decide again from the new state.
                await ContentionBackoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Adds the rows of a new activity: the activity, its feed copies, its first history entry.</summary>
    private void PlanCreate(TableTransaction transaction, UnreadCounters counters, Activity created, UserReadState? owner, ChangeContext context)
    {
        var content = created.Content;
        AddActivityRows(transaction, created.CompanyId, null, new StoredActivity(created, owner?.Generation ?? 0, default) { SeenGeneration = owner?.Inbox.SeenGeneration ?? 0 });
        AddHistoryRows(transaction, created.CompanyId, NewEntry(created.Id, HistoryEvents.Created, context, HistoryDiff.Between(null, content)), null, content);
        counters.Add(owner, null, created);
    }

    private async Task<CreateOutcome> ReplayAsync(string companyId, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var marker = await table.GetEntityIfExistsAsync(companyId, RowKeys.Idempotency(key.Scope, key.Key), cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An idempotency key conflicted but cannot be read back.");
        return marker.GetString("RequestHash") == key.RequestHash
            ? new CreateOutcome(WriteStatus.Replayed, ActivityEntities.FromEntity(marker).Activity)
            : new CreateOutcome(WriteStatus.IdempotencyConflict, null);
    }

    private async Task<StoredActivity?> ReadActivityAsync(string companyId, string id, CancellationToken cancellationToken) =>
        ActivityIds.IsWellFormed(id) && await table.GetEntityIfExistsAsync(companyId, RowKeys.Activity(id), cancellationToken: cancellationToken).ConfigureAwait(false) is { } entity
            ? ActivityEntities.FromEntity(entity)
            : null;

    private async Task<UserReadState> ReadUserStateAsync(string companyId, string userId, CancellationToken cancellationToken) =>
        UserReadState.FromEntity(userId, await table.GetEntityIfExistsAsync(companyId, RowKeys.UserState(userId), cancellationToken: cancellationToken).ConfigureAwait(false));

    private static bool IsContention(TableRequestFailedException error) => error.IsPreconditionFailed || error.IsConflict;

    private HistoryEntry NewEntry(string activityId, string historyEvent, ChangeContext context, IReadOnlyList<FieldChange> changes)
    {
        var now = clock.GetUtcNow();
        return new HistoryEntry(ids.Next().Id, activityId, historyEvent, context.Source, context.SourceEvent, context.OccurredAt ?? now, now, context.Actor, changes);
    }

    /// <summary>
    /// The activity row and its feed copies: rows of <paramref name="after"/> are written whole (replace,
    /// so a field set to null disappears), rows only <paramref name="before"/> had are deleted.
    /// </summary>
    private static void AddActivityRows(TableTransaction transaction, string companyId, StoredActivity? before, StoredActivity? after)
    {
        var activityKey = RowKeys.Activity((after ?? before)!.Activity.Id);
        if (after is null)
        {
            transaction.Delete(new TableEntity(companyId, activityKey), before!.ETag);
        }
        else if (before is null)
        {
            transaction.Add(ActivityEntities.ToEntity(companyId, activityKey, after));
        }
        else
        {
            transaction.UpdateReplace(ActivityEntities.ToEntity(companyId, activityKey, after), before.ETag);
        }

        var afterCopies = after is null ? [] : CopyKeys(after);
        foreach (var key in afterCopies)
        {
            transaction.UpsertReplace(ActivityEntities.ToEntity(companyId, key, after!));
        }

        foreach (var key in before is null ? [] : CopyKeys(before).Except(afterCopies))
        {
            transaction.Delete(new TableEntity(companyId, key), ETag.All);
        }
    }

    private static List<string> CopyKeys(StoredActivity stored)
    {
        var id = stored.Activity.Id;
        var keys = new List<string> { RowKeys.CompanyDescending(id) };
        if (stored.UserId is { } userId)
        {
            keys.Add(RowKeys.UserAscending(userId, id));
            keys.Add(RowKeys.UserDescending(userId, id));
        }

        return keys;
    }

    /// <summary>The history entry, and a copy in the timeline of each contact linked before or after the change.</summary>
    private static void AddHistoryRows(TableTransaction transaction, string companyId, HistoryEntry entry, ActivityContent? before, ActivityContent? after)
    {
        var activityType = (after ?? before)?.ActivityType;
        transaction.Add(HistoryEntities.ToEntity(companyId, RowKeys.History(entry.ActivityId, entry.Id), entry, activityType));
        foreach (var contactId in new[] { before?.ContactId, after?.ContactId }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            transaction.Add(HistoryEntities.ToEntity(companyId, RowKeys.TimelineAscendingPrefix(contactId) + entry.Id, entry, activityType));
            transaction.Add(HistoryEntities.ToEntity(companyId, RowKeys.TimelineDescendingPrefix(contactId) + ActivityIds.Invert(entry.Id), entry, activityType));
        }
    }
}
