using System.Security.Cryptography;
using System.Text.Json;
using ActivityService.Core.History;
using ActivityService.Core.Realtime;

namespace ActivityService.Core.Activities;

/// <summary>
/// The use cases behind the HTTP API (contract §5): bind and validate input, apply the caller's scope
/// (company-wide for admins on company routes, own activities on <c>/me</c> routes), call the store.
/// Outcomes are values; the HTTP layer maps them to status codes.
/// </summary>
public sealed class ActivityOperations(IActivityStore store, ActivityNotifier notifier)
{
    public async Task<CreateOutcome> CreateAsync(Caller caller, JsonElement body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var bound = ActivityJson.BindCreate(body);
        if (!bound.IsValid)
        {
            return new CreateOutcome(WriteStatus.Invalid, null, bound.Errors);
        }

        var key = idempotencyKey is null ? null : new IdempotencyKey(caller.UserId, idempotencyKey, Fingerprint(body));
        var outcome = await store.CreateAsync(caller.CompanyId, new NewActivity(bound.Content, ChangeContext.Api(caller.UserId), key), cancellationToken).ConfigureAwait(false);
        if (outcome.Status == WriteStatus.Done)
        {
            await notifier.NotifyAsync(caller.CompanyId, [new ActivityChange(ActivityChangeKind.Created, outcome.Activity!)], [], cancellationToken).ConfigureAwait(false);
        }
        else if (outcome.Status == WriteStatus.Replayed
            && await store.GetAsync(caller.CompanyId, outcome.Activity!.Id, cancellationToken: cancellationToken).ConfigureAwait(false) is { } current)
        {
            // The first attempt may have stored the activity and failed before its push: push again.
            // Its current state, not the first answer, so a later edit is not rolled back on screens;
            // clients upsert by id, so a second push of a create they already saw changes nothing.
            await notifier.NotifyAsync(caller.CompanyId, [new ActivityChange(ActivityChangeKind.Created, current)], [], cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    public Task<Activity?> GetAsync(Caller caller, string id, Scope scope, CancellationToken cancellationToken) =>
        store.GetAsync(Tenant(caller), id, Owner(caller, scope), cancellationToken);

    /// <summary>Merge-patches writable fields; on <c>/me</c> only <c>read_at</c> may be named.</summary>
    public async Task<UpdateOutcome> PatchAsync(Caller caller, string id, JsonElement patch, long? ifMatchVersion, Scope scope, CancellationToken cancellationToken)
    {
        var allowed = scope == Scope.Own ? ActivityFields.UserScopedPatchable : null;
        Activity? before = null;
        var edit = new ActivityEdit(
            new ActivityPrecondition(Owner(caller, scope), ifMatchVersion),
            current =>
            {
                before = current;
                var bound = ActivityJson.BindMergePatch(current.Content, patch, allowed);
                return bound.IsValid ? EditResult.Accept(bound.Content) : EditResult.Reject(bound.Errors);
            });
        var outcome = await store.UpdateAsync(Tenant(caller), id, edit, ChangeContext.Api(caller.UserId), cancellationToken).ConfigureAwait(false);
        if (outcome.Status == WriteStatus.Done && outcome.Activity!.Version != before!.Version)
        {
            // A reassignment moves the activity out of the previous owner's unread count too.
            var change = new ActivityChange(ActivityChangeKind.Updated, outcome.Activity, before.Content.UserId);
            await notifier.NotifyAsync(caller.CompanyId, [change], [before.Content.UserId], cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    public async Task<DeleteOutcome> DeleteAsync(Caller caller, string id, long? ifMatchVersion, Scope scope, CancellationToken cancellationToken)
    {
        var outcome = await store.DeleteAsync(Tenant(caller), id, new ActivityPrecondition(Owner(caller, scope), ifMatchVersion), ChangeContext.Api(caller.UserId), cancellationToken).ConfigureAwait(false);
        if (outcome.Status == WriteStatus.Done)
        {
            await notifier.NotifyAsync(caller.CompanyId, [new ActivityChange(ActivityChangeKind.Deleted, outcome.Activity!)], [], cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Lists the company feed, or with <see cref="Scope.Own"/> the caller's own feed whatever the query says.</summary>
    public Task<ListOutcome<Activity>> ListAsync(Caller caller, FeedQuery query, Scope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.ListAsync(Tenant(caller), scope == Scope.Own ? query with { UserId = caller.UserId, Scope = "own" } : query with { Scope = "company" }, cancellationToken);
    }

    public Task<int> GetUnreadCountAsync(Caller caller, CancellationToken cancellationToken) =>
        store.GetUnreadCountAsync(Tenant(caller), caller.UserId, cancellationToken);

    public async Task<int> MarkAllReadAsync(Caller caller, CancellationToken cancellationToken)
    {
        var count = await store.MarkAllReadAsync(Tenant(caller), caller.UserId, cancellationToken).ConfigureAwait(false);
        await notifier.NotifyUnreadCountAsync(caller.CompanyId, caller.UserId, new InboxCounts(count, 0, InboxPreferences.Default), cancellationToken).ConfigureAwait(false);
        return count;
    }

    public Task<ListOutcome<HistoryEntry>> GetHistoryAsync(Caller caller, string id, int limit, string? cursor, Scope scope, CancellationToken cancellationToken) =>
        store.GetHistoryAsync(Tenant(caller), id, Owner(caller, scope), limit, cursor, cancellationToken);

    public Task<ListOutcome<HistoryEntry>> GetTimelineAsync(Caller caller, TimelineQuery query, CancellationToken cancellationToken) =>
        store.GetTimelineAsync(Tenant(caller), query, cancellationToken);

    /// <summary>A stable hash of the request body, so a reused idempotency key with another body is detected.</summary>
    private static string Fingerprint(JsonElement body) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));

    private static string Tenant(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.CompanyId;
    }

    private static string? Owner(Caller caller, Scope scope) => scope == Scope.Own ? caller.UserId : null;
}

/// <summary>Company routes see the whole tenant; <c>/me</c> routes only the caller's own activities.</summary>
public enum Scope
{
    Company = 0,
    Own = 1,
}
