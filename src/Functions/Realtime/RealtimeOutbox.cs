using ActivityService.Core.Realtime;

namespace ActivityService.Functions.Realtime;

/// <summary>
/// Collects the realtime messages of one Functions invocation, so they leave as the invocation's
/// SignalR output binding instead of being sent. Flows with the async call chain of the invocation.
/// </summary>
public sealed class RealtimeOutbox : IDisposable
{
    private static readonly AsyncLocal<RealtimeOutbox?> CurrentOutbox = new();
    private readonly List<RealtimeMessage> _messages = [];
    private readonly RealtimeOutbox? _previous;

    private RealtimeOutbox(RealtimeOutbox? previous) => _previous = previous;

    public static RealtimeOutbox? Current => CurrentOutbox.Value;

    public IReadOnlyList<RealtimeMessage> Messages => _messages;

    public static RealtimeOutbox Open()
    {
        var outbox = new RealtimeOutbox(CurrentOutbox.Value);
        CurrentOutbox.Value = outbox;
        return outbox;
    }

    public void Add(IEnumerable<RealtimeMessage> messages)
    {
        lock (_messages)
        {
            _messages.AddRange(messages);
        }
    }

    public void Dispose() => CurrentOutbox.Value = _previous;
}
