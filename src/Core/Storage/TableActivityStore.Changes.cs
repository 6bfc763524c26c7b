using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>Updates and deletes: load, check the precondition, decide, write everything in one transaction.</summary>
public sealed partial class TableActivityStore
{
    public async Task<UpdateOutcome> UpdateAsync(string companyId, string id, ActivityEdit edit, ChangeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(companyId, id, edit.Precondition, cancellationToken).ConfigureAwait(false);
            if (loaded.Status != WriteStatus.Done)
            {
                return new UpdateOutcome(loaded.Status, null);
            }

            var (row, owner) = (loaded.Row!, loaded.Owner);
            var current = row.Resolve(owner);
            var result = edit.Apply(current);
            if (result.Errors is { Count: > 0 } errors)
            {
                return new UpdateOutcome(WriteStatus.Invalid, null, errors);
            }

            var content = InboxRules.Normalize(result.Content!);
            var changes = HistoryDiff.Between(current.Content, content);
            if (changes.Count == 0)
            {
                return new UpdateOutcome(WriteStatus.Done, current);
            }

            // Marking read is the reader's business, not a change events compete with: no mapping write.
            var edited = changes.Where(change => change.Field != ActivityFields.ReadAt).ToList();
            var claim = edited.Count == 0 ? null : await ReadExternalClaimAsync(companyId, id, current.Content, content, cancellationToken).ConfigureAwait(false);
            if (claim?.Taken == true)
            {
                return new UpdateOutcome(WriteStatus.ExternalIdConflict, null);
            }

            var transaction = new TableTransaction();
            var counters = new UnreadCounters();
            if (claim is not null)
            {
                AddExternalMappingRows(transaction, companyId, id, current.Content, content, claim, edited);
            }

            var updated = await PlanUpdateAsync(transaction, counters, companyId, row, owner, current, content, cancellationToken).ConfigureAwait(false);
            counters.WriteTo(transaction, companyId);
            var entry = NewEntry(id, HistoryEvents.Updated, context, changes);
            AddHistoryRows(transaction, companyId, entry, current.Content, content);

            // Lost: someone else wrote, reassigned or deleted the activity first: reload and decide again.
            if (await CommitAsync(transaction, new CommitProof(companyId, RowKeys.History(id, entry.Id)), attempt, false, cancellationToken).ConfigureAwait(false))
            {
                return new UpdateOutcome(WriteStatus.Done, updated);
            }
        }
    }

    public async Task<DeleteOutcome> DeleteAsync(string companyId, string id, ActivityPrecondition precondition, ChangeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(precondition);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(companyId, id, precondition, cancellationToken).ConfigureAwait(false);
            if (loaded.Status != WriteStatus.Done)
            {
                return new DeleteOutcome(loaded.Status);
            }

            var (row, owner) = (loaded.Row!, loaded.Owner);
            var current = row.Resolve(owner);
            var transaction = new TableTransaction();
            var counters = new UnreadCounters();
            var entryId = PlanDelete(transaction, counters, companyId, row, owner, current, context);
            counters.WriteTo(transaction, companyId);

            // Lost: changed or deleted concurrently: reload, and re-check existence and the precondition.
            if (await CommitAsync(transaction, new CommitProof(companyId, RowKeys.History(id, entryId)), attempt, false, cancellationToken).ConfigureAwait(false))
            {
                return new DeleteOutcome(WriteStatus.Done, current);
            }
        }
    }

    /// <summary>Removes the activity and its copies, leaves a tombstone (owner, for history access) and a history entry.</summary>
    /// <returns>The id of the history entry it adds.</returns>
    private string PlanDelete(TableTransaction transaction, UnreadCounters counters, string companyId, StoredActivity row, UserReadState? owner, Activity current, ChangeContext context)
    {
        AddActivityRows(transaction, companyId, row, null);
        AddTombstone(transaction, companyId, current.Id, current.Content);
        var entry = NewEntry(current.Id, HistoryEvents.Deleted, context, []);
        AddHistoryRows(transaction, companyId, entry, current.Content, null);
        counters.Add(owner, current, null);
        return entry.Id;
    }

    private void AddTombstone(TableTransaction transaction, string companyId, string id, ActivityContent? content) =>
        transaction.Add(new TableEntity(companyId, RowKeys.Tombstone(id))
        {
            ["Kind"] = "tombstone",
            ["UserId"] = content?.UserId,
            ["ContactId"] = content?.ContactId,
            ["DeletedAt"] = clock.GetUtcNow(),
        });

    private async Task<(WriteStatus Status, StoredActivity? Row, UserReadState? Owner)> LoadAsync(
        string companyId, string id, ActivityPrecondition precondition, CancellationToken cancellationToken)
    {
        var row = await ReadActivityAsync(companyId, id, cancellationToken).ConfigureAwait(false);
        if (row is null || (precondition.OwnerUserId is not null && row.UserId != precondition.OwnerUserId))
        {
            return (WriteStatus.NotFound, null, null);
        }

        if (precondition.Version is { } version && version != row.Activity.Version)
        {
            return (WriteStatus.VersionMismatch, null, null);
        }

        var owner = row.UserId is { } userId ? await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false) : null;
        return (WriteStatus.Done, row, owner);
    }

    /// <summary>
    /// Adds the rows of an update and returns the new stored activity. Read state is only touched when
    /// the read time or the owner changes; then the owners' unread counts move with it.
    /// Returns the activity as the API shows it after the update.
    /// </summary>
    private async Task<Activity> PlanUpdateAsync(
        TableTransaction transaction, UnreadCounters counters, string companyId, StoredActivity row, UserReadState? owner, Activity current, ActivityContent content, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var activity = current with { Content = content, UpdatedAt = now, Version = current.Version + 1 };
        var readChanged = InboxRules.Changed(current.Content, content);
        var ownerChanged = content.UserId != current.Content.UserId;
        if (!readChanged && !ownerChanged)
        {
            // Keep the row's own read fields: the resolved read time may come from a mark-all-read.
            var unchanged = activity with { Content = content with { ReadAt = row.Activity.Content.ReadAt, SeenAt = row.Activity.Content.SeenAt } };
            var keep = new StoredActivity(unchanged, row.ReadGeneration, default) { SeenGeneration = row.SeenGeneration };
            AddActivityRows(transaction, companyId, row, keep);
            return activity;
        }

        var newOwner = content.UserId is null ? null
            : ownerChanged ? await ReadUserStateAsync(companyId, content.UserId, cancellationToken).ConfigureAwait(false)
            : owner;
        var stored = new StoredActivity(activity, newOwner?.Generation ?? 0, default) { SeenGeneration = newOwner?.Inbox.SeenGeneration ?? 0 };
        AddActivityRows(transaction, companyId, row, stored);

        counters.Add(owner, current, null);
        counters.Add(newOwner, null, activity);
        return activity;
    }
}
