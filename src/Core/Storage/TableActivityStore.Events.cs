using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// Lifecycle events: load the named activity's state, let the pure decider choose, write the outcome and
/// the message's inbox marker in one transaction. The marker is the transaction's first operation, so a
/// concurrent duplicate fails on it and is recognised as such.
/// </summary>
public sealed partial class TableActivityStore : IEventStore
{
    public async Task<EventApplyOutcome> ApplyAsync(LifecycleEvent evt, string messageId, Func<ExternalActivityState, EventDecision> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(decide);
        var companyId = evt.CompanyId;
        var context = new ChangeContext(ChangeSources.Event, new Actor(evt.User, evt.ApplicationId), evt.TypeName, evt.Time);
        for (var attempt = 1; ; attempt++)
        {
            // No separate inbox check: the marker is the transaction's first insert, so a message already
            // applied fails there and is reported as a duplicate without having changed anything.
            var external = await table.GetEntityIfExistsAsync(companyId, RowKeys.External(evt.ExternalId), cancellationToken: cancellationToken).ConfigureAwait(false);
            var activityId = external?.GetString("ActivityId");
            var deleted = external?.GetBoolean("Deleted") ?? false;
            StoredActivity? row = null;
            UserReadState? owner = null;
            if (activityId is not null && !deleted)
            {
                // The mapping remembers the owner, so the owner's read state is read alongside the activity.
                var ownerHint = external!.GetString("OwnerId");
                var ownerRead = ownerHint is null ? null : ReadUserStateAsync(companyId, ownerHint, cancellationToken);
                row = await ReadActivityAsync(companyId, activityId, cancellationToken).ConfigureAwait(false);
                owner = ownerRead is null ? null : await ownerRead.ConfigureAwait(false);
                deleted = row is null; // deleted through the API: it stays deleted
                if (row?.UserId != owner?.UserId)
                {
                    // Reassigned through the API since the last event: read the actual owner.
                    owner = row?.UserId is { } userId ? await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false) : null;
                }
            }

            var current = row?.Resolve(owner);
            var snapshot = deleted && external?.GetString("Title") is not null ? ActivityEntities.FromEntity(external).Activity.Content : null;
            var copies = EventCopies.Deserialize(external?.GetString("Copies"));
            var decision = decide(new ExternalActivityState(current, FieldClock.Deserialize(external?.GetString("Clock")), deleted, snapshot, FieldHistory.Deserialize(external?.GetString("History")))
            {
                CopiesMade = copies,
            });
            if (decision.Rejection is { } rejection)
            {
                return new EventApplyOutcome(EventApplyStatus.Rejected, [], rejection);
            }

            var transaction = new TableTransaction();
            var proof = new CommitProof(companyId, RowKeys.InboxMarker(messageId), Guid.NewGuid().ToString("N"));
            transaction.Add(new TableEntity(companyId, proof.RowKey) { ["Kind"] = "inbox", ["ProcessedAt"] = clock.GetUtcNow(), [CommitProof.AttemptProperty] = proof.Attempt });
            var counters = new UnreadCounters();
            var changes = new List<ActivityChange>();
            var fresh = ids.Next();
            var mainId = activityId ?? fresh.Id;

            if (decision.Main is null && !decision.DeleteMain)
            {
                AddHistoryRows(transaction, companyId, NewEntry(mainId, HistoryEvents.Updated, context, []), null, null);
            }
            else if (decision.DeleteMain)
            {
                if (row is not null)
                {
                    PlanDelete(transaction, counters, companyId, row, owner, current!, context);
                    changes.Add(new ActivityChange(ActivityChangeKind.Deleted, current!));
                }
                else
                {
                    AddTombstone(transaction, companyId, mainId, null);
                    AddHistoryRows(transaction, companyId, NewEntry(mainId, HistoryEvents.Deleted, context, []), null, null);
                }

                // Copies made by events later than this delete would not exist in time order: retract them.
                foreach (var made in copies.After(decision.Stamp!.Value))
                {
                    if (await ReadActivityAsync(companyId, made.ActivityId, cancellationToken).ConfigureAwait(false) is { } copyRow)
                    {
                        var copyOwner = copyRow.UserId is { } copyUser ? await ReadUserStateAsync(companyId, copyUser, cancellationToken).ConfigureAwait(false) : null;
                        var copy = copyRow.Resolve(copyOwner);
                        PlanDelete(transaction, counters, companyId, copyRow, copyOwner, copy, context);
                        changes.Add(new ActivityChange(ActivityChangeKind.Deleted, copy));
                    }
                }
            }
            else if (row is null)
            {
                var created = await PlanEventCreateAsync(transaction, counters, companyId, decision.Main!, context, fresh, cancellationToken).ConfigureAwait(false);
                changes.Add(new ActivityChange(ActivityChangeKind.Created, created));
            }
            else
            {
                var fieldChanges = HistoryDiff.Between(current!.Content, decision.Main);
                if (fieldChanges.Count > 0)
                {
                    var updated = await PlanUpdateAsync(transaction, counters, companyId, row, owner, current, decision.Main!, cancellationToken).ConfigureAwait(false);
                    changes.Add(new ActivityChange(ActivityChangeKind.Updated, updated, current.Content.UserId));
                }

                AddHistoryRows(transaction, companyId, NewEntry(mainId, HistoryEvents.Updated, context, fieldChanges), current.Content, decision.Main);
            }

            foreach (var content in decision.NewActivities)
            {
                var created = await PlanEventCreateAsync(transaction, counters, companyId, content, context, ids.Next(), cancellationToken).ConfigureAwait(false);
                changes.Add(new ActivityChange(ActivityChangeKind.Created, created));
                copies = copies.With(decision.Stamp!.Value, created.Id, evt.Type);
            }

            foreach (var (copyId, derived) in decision.CopyUpdates)
            {
                if (await PlanCopyUpdateAsync(transaction, counters, companyId, copyId, derived, context, cancellationToken).ConfigureAwait(false) is { } change)
                {
                    changes.Add(change);
                }
            }

            // A deleted activity's row keeps its last content, for copies made by events from before the delete.
            var mapping = decision.DeleteMain && current is not null
                ? ActivityEntities.ToEntity(companyId, RowKeys.External(evt.ExternalId), new StoredActivity(current, 0, default))
                : deleted && external is not null ? external
                : new TableEntity(companyId, RowKeys.External(evt.ExternalId));
            mapping["Kind"] = "external";
            mapping["ActivityId"] = mainId;
            mapping["Deleted"] = deleted || decision.DeleteMain;
            mapping["Clock"] = decision.Clock.Serialize();
            mapping["History"] = (decision.History ?? FieldHistory.Empty).Serialize();
            mapping["Copies"] = copies.Serialize();
            mapping["OwnerId"] = decision.DeleteMain || deleted ? null : (decision.Main ?? current?.Content)?.UserId;
            if (external is null)
            {
                transaction.Add(mapping);
            }
            else
            {
                transaction.UpdateReplace(mapping, external.ETag);
            }

            counters.WriteTo(transaction, companyId);
            try
            {
                // Lost: another event or API call changed the activity first: decide again on the new state.
                if (await CommitAsync(transaction, proof, attempt, true, cancellationToken).ConfigureAwait(false))
                {
                    return new EventApplyOutcome(EventApplyStatus.Applied, changes);
                }
            }
            catch (TableRequestFailedException error) when (error.IsConflict && error.FailedOperationIndex == 0)
            {
                return EventApplyOutcome.Duplicate;
            }
        }
    }

    public async Task RecordRejectionAsync(string? companyId, RejectedEvent rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejected);

        // A message naming no usable tenant goes to the empty partition key, which no tenant has.
        var partition = companyId ?? "";
        var row = new TableEntity(partition, RowKeys.Rejected(rejected.Id))
        {
            ["Kind"] = "rejected",
            ["Id"] = rejected.Id,
            ["MessageId"] = rejected.MessageId,
            ["ReceivedAt"] = rejected.ReceivedAt,
            ["Reason"] = rejected.Reason,
        };
        LargeText.Write(row, "RawBody", rejected.RawBody);
        var transaction = new TableTransaction()
            .Add(new TableEntity(partition, RowKeys.InboxMarker(rejected.MessageId)) { ["Kind"] = "inbox", ["ProcessedAt"] = rejected.ReceivedAt })
            .Add(row);
        try
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
        catch (TableRequestFailedException error) when (error.IsConflict && error.FailedOperationIndex == 0)
        {
            // Recorded by an earlier delivery of the same message.
        }
    }

    public async Task<ListOutcome<RejectedEvent>> ListRejectedAsync(string companyId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var page = await ReadRangeAsync(companyId, RowKeys.RejectedPrefix, "rejected", limit, cursor, cancellationToken).ConfigureAwait(false);
        return page.CursorError is { } error
            ? ListOutcome<RejectedEvent>.BadCursor(error)
            : new ListOutcome<RejectedEvent>(new FeedPage<RejectedEvent>(
                page.Rows.Select(row => new RejectedEvent(
                    row.GetString("Id")!,
                    row.GetString("MessageId")!,
                    row.GetDateTime("ReceivedAt")!.Value,
                    row.GetString("Reason")!,
                    LargeText.Read(row, "RawBody") ?? "")).ToList(),
                page.NextCursor));
    }

    /// <summary>Brings an existing copy to its content derived again; its owner's read, seen and archived state stays.</summary>
    private async Task<ActivityChange?> PlanCopyUpdateAsync(
        TableTransaction transaction, UnreadCounters counters, string companyId, string copyId, ActivityContent derived, ChangeContext context, CancellationToken cancellationToken)
    {
        if (await ReadActivityAsync(companyId, copyId, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return null; // deleted since (through the API, or retracted)
        }

        var owner = row.UserId is { } userId ? await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false) : null;
        var current = row.Resolve(owner);
        // The inbox fields are the owner's (contract §10), not the producer's: an event leaves them as they are.
        var content = derived with { ReadAt = current.Content.ReadAt, SeenAt = current.Content.SeenAt, ArchivedAt = current.Content.ArchivedAt };
        var fieldChanges = HistoryDiff.Between(current.Content, content);
        if (fieldChanges.Count == 0)
        {
            return null;
        }

        var updated = await PlanUpdateAsync(transaction, counters, companyId, row, owner, current, content, cancellationToken).ConfigureAwait(false);
        AddHistoryRows(transaction, companyId, NewEntry(copyId, HistoryEvents.Updated, context, fieldChanges), current.Content, content);
        return new ActivityChange(ActivityChangeKind.Updated, updated, current.Content.UserId);
    }

    private async Task<Activity> PlanEventCreateAsync(
        TableTransaction transaction, UnreadCounters counters, string companyId, ActivityContent content, ChangeContext context, (string Id, DateTimeOffset CreatedAt) identity, CancellationToken cancellationToken)
    {
        var owner = content.UserId is { } userId ? await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false) : null;
        var created = InboxRules.Arrive(new Activity { Id = identity.Id, CompanyId = companyId, Content = content, CreatedAt = identity.CreatedAt, UpdatedAt = identity.CreatedAt, Version = 1 }, owner);
        PlanCreate(transaction, counters, created, owner, context);
        return created;
    }
}
