using ActivityService.Core.Realtime;
using ActivityService.Functions.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ActivityService.Functions.Realtime;

/// <summary>
/// The in-process hub for standalone mode, mapped at <c>/api</c> so <c>/api/negotiate</c> answers the same
/// client code that Azure SignalR Service answers in Azure. Clients only listen; the server pushes.
/// </summary>
[Authorize(Policy = AuthSetup.CallerPolicy)]
public sealed class ActivitiesHub : Hub
{
    public const string Path = "/api";

    public override async Task OnConnectedAsync()
    {
        var caller = Context.User!.ToCaller();
        if (caller.IsAdmin)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, RealtimeNames.AdminsGroup(caller.CompanyId)).ConfigureAwait(false);
        }

        await base.OnConnectedAsync().ConfigureAwait(false);
    }
}

/// <summary>Connections are addressed by tenant-qualified user id, never by the bare <c>sub</c>.</summary>
public sealed class TenantUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection?.User is { } user && CallerClaims.From(user) is { } caller ? RealtimeNames.UserId(caller.CompanyId, caller.UserId) : null;
}
