namespace ActivityService.Core.Catalog;

/// <summary>One row of the message-type catalog (contract §3.3): what a message of this kind means.</summary>
public sealed record MessageTypeEntry(string ActivityType, string MessageType, string Direction, string Meaning);
