using ActivityService.Functions.Events;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>
/// Local-only (contract §9): lifecycle events enter through <c>POST /api/dev/events</c> into the in-process
/// queue, and messages that used up their deliveries are listed at <c>GET /api/dev/dead-letters</c>.
/// The body is taken as raw bytes, as Service Bus would carry it: a malformed one is accepted here and
/// rejected as poison by the processor, exactly as in Azure.
/// </summary>
public static class DevEventsApi
{
    /// <summary>Service Bus Standard's message size limit.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapDevEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/events", Enqueue).AllowAnonymous();
        app.MapGet("/api/dev/dead-letters", DeadLetters).AllowAnonymous();
        return app;
    }

    public static async Task<IResult> Enqueue(HttpRequest request, LocalEventQueue queue, CancellationToken cancellationToken)
    {
        var messageId = request.Headers["X-Message-Id"].ToString();
        if (messageId.Length > 128 || messageId.Any(char.IsControl))
        {
            return Problems.Validation("X-Message-Id", "Must be at most 128 characters without control characters.");
        }

        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > MaxMessageBytes)
            {
                return Problems.PayloadTooLarge(MaxMessageBytes);
            }

            body.Write(chunk, 0, read);
        }

        if (queue.IsStopping)
        {
            // Shutting down: accept nothing more, so what was accepted can still be drained.
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return Problems.ServiceUnavailable("The service is shutting down and accepts no more events; send this one again to the restarted service.");
        }

        var message = queue.TryEnqueue(messageId.Length > 0 ? messageId : Guid.NewGuid().ToString("N"), body.ToArray());
        if (message is null)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Problems.ServiceUnavailable("The local event queue is full; retry shortly.");
        }

        return TypedResults.Json(new { message_id = message.MessageId, sequence_number = message.SequenceNumber }, statusCode: StatusCodes.Status202Accepted);
    }

    public static IResult DeadLetters(LocalEventQueue queue) =>
        TypedResults.Json(new
        {
            data = queue.DeadLetters.Select(dead => new
            {
                message_id = dead.Message.MessageId,
                sequence_number = dead.Message.SequenceNumber,
                delivery_count = dead.Message.DeliveryCount,
                reason = dead.Reason,
                enqueued_at = Core.Activities.Rfc3339.Format(dead.Message.EnqueuedAt),
                dead_lettered_at = Core.Activities.Rfc3339.Format(dead.DeadLetteredAt),
                body = System.Text.Encoding.UTF8.GetString(dead.Message.Body.Span),
            }),
        });
}
