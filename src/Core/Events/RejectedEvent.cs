namespace ActivityService.Core.Events;

/// <summary>A poison message as kept for the tenant's admins (contract §6): never retried, never applied.</summary>
public sealed record RejectedEvent(string Id, string MessageId, DateTimeOffset ReceivedAt, string Reason, string RawBody);
