namespace ActivityService.Core.Events;

/// <summary>
/// Why a message can never be applied (contract §6 "poison"): it is stored and shown to the tenant's admins,
/// never retried. <see cref="CompanyId"/> is null when the message names no usable tenant; such a
/// message is kept for operators only.
/// </summary>
public sealed record EventRejection(string? CompanyId, string Reason);
