using ActivityService.Core.History;
using ActivityService.Core.Realtime;

namespace ActivityService.Core.Activities;

/// <summary>
/// The owner's inbox use cases (contract §10): counts, mark-seen, archive, bulk updates and preferences. Every
/// change is stored with history (source <c>api</c>) and then pushed to all of the owner's connections.
/// </summary>
public sealed class InboxOperations(IActivityStore store, ActivityNotifier notifier, TimeProvider clock)
{
    public Task<InboxCounts> GetCountsAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return store.GetInboxCountsAsync(caller.CompanyId, caller.UserId, cancellationToken);
    }

    public async Task<InboxCounts> MarkAllSeenAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var counts = await store.MarkAllSeenAsync(caller.CompanyId, caller.UserId, cancellationToken).ConfigureAwait(false);
        await notifier.NotifyUnreadCountAsync(caller.CompanyId, caller.UserId, counts, cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>
    /// <c>DELETE /api/me/activities/{id}</c>: archives for the owner, deletes nothing. Archiving an
    /// archived activity changes nothing (a retry is harmless).
    /// </summary>
    public async Task<UpdateOutcome> ArchiveAsync(Caller caller, string id, long? ifMatchVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.GetUtcNow();
        Activity? before = null;
        var edit = new ActivityEdit(
            new ActivityPrecondition(caller.UserId, ifMatchVersion),
            current =>
            {
                before = current;
                return EditResult.Accept(current.Content.ArchivedAt is null ? current.Content with { ArchivedAt = now } : current.Content);
            });
        var outcome = await store.UpdateAsync(caller.CompanyId, id, edit, ChangeContext.Api(caller.UserId), cancellationToken).ConfigureAwait(false);
        if (outcome.Status == WriteStatus.Done && outcome.Activity!.Version != before!.Version)
        {
            await notifier.NotifyAsync(caller.CompanyId, [new ActivityChange(ActivityChangeKind.Updated, outcome.Activity)], [], cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Applies one <c>set</c> to up to 100 own activities; the changes and the new counts are pushed once.</summary>
    public async Task<BulkOutcome> BulkAsync(Caller caller, BulkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var set = request.Set;
        var outcome = await store.BulkUpdateAsync(
            caller.CompanyId,
            caller.UserId,
            request.Ids,
            request.Versions,
            current =>
            {
                var bound = ActivityJson.BindMergePatch(current.Content, set, ActivityFields.UserScopedPatchable);
                return bound.IsValid ? EditResult.Accept(bound.Content!) : EditResult.Reject(bound.Errors);
            },
            ChangeContext.Api(caller.UserId),
            cancellationToken).ConfigureAwait(false);

        // The counts are pushed once, for the caller, even when nothing changed (the tabs stay in step).
        await notifier.NotifyAsync(caller.CompanyId, outcome.Changes, [caller.UserId], cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public Task<InboxPreferences> GetPreferencesAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return store.GetPreferencesAsync(caller.CompanyId, caller.UserId, cancellationToken);
    }

    public Task<InboxPreferences> SetPreferencesAsync(Caller caller, InboxPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return store.SetPreferencesAsync(caller.CompanyId, caller.UserId, preferences, cancellationToken);
    }
}
