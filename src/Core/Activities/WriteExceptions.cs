namespace ActivityService.Core.Activities;

/// <summary>
/// A write kept losing optimistic-concurrency races until its attempts ran out. Nothing was changed by
/// it; the caller may retry shortly.
/// </summary>
public sealed class WriteContentionException(Exception innerException)
    : Exception("The write kept losing to concurrent writers; nothing was changed.", innerException);

/// <summary>
/// Storage failed while a write was being committed and could not be asked afterwards whether it was
/// applied. The write may or may not have happened.
/// </summary>
public sealed class WriteOutcomeUnknownException(Exception innerException)
    : Exception("Storage failed during the commit; whether the write was applied is unknown.", innerException);
