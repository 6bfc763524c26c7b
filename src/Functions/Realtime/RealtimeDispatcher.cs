using ActivityService.Core.Realtime;
using ActivityService.Functions.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ActivityService.Functions.Realtime;

/// <summary>
/// Routes realtime messages: into the invocation's <see cref="RealtimeOutbox"/> under the Functions host
/// (they become the SignalR output binding), or to the in-process hub in standalone mode.
/// </summary>
public sealed partial class RealtimeDispatcher(IServiceProvider services, ILogger<RealtimeDispatcher> logger) : IRealtimePublisher
{
    public async Task PublishAsync(IReadOnlyList<RealtimeMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (RealtimeOutbox.Current is { } outbox)
        {
            outbox.Add(messages);
            PushMetrics.Record("binding", "sent", messages.Count);
            return;
        }

        if (services.GetService<IHubContext<ActivitiesHub>>() is not { } hub)
        {
            return;
        }

        foreach (var message in messages)
        {
            var clients = message.Audience switch
            {
                RealtimeAudience.User user => hub.Clients.User(RealtimeNames.UserId(user.CompanyId, user.UserId)),
                RealtimeAudience.CompanyAdmins admins => hub.Clients.Group(RealtimeNames.AdminsGroup(admins.CompanyId)),
                _ => throw new InvalidOperationException("Unknown audience."),
            };
            try
            {
                await clients.SendCoreAsync(message.Target, [.. message.Arguments], cancellationToken).ConfigureAwait(false);
                PushMetrics.Record("hub", "sent");
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Live updates are best effort; the write they report is stored and clients catch up by listing.
                PushMetrics.Record("hub", "failed");
                LogSendFailed(logger, message.Target, error);
            }
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Could not push {Target} to connected clients")]
    private static partial void LogSendFailed(ILogger logger, string target, Exception error);
}
