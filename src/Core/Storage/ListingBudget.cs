namespace ActivityService.Core.Storage;

/// <summary>
/// The storage work one listing request may do (contract §4, documented in docs/api.md), whatever the tenant
/// holds. When filters the service evaluates leave a page short because a limit is reached, the page ends
/// there with a cursor that resumes the scan after the last row examined.
/// </summary>
internal sealed class ListingBudget
{
    /// <summary>Query requests (pages of a range query) per listing request.</summary>
    public const int MaxQueryRequests = 4;

    /// <summary>Entities the range query may return (examined by the service) per listing request.</summary>
    public const int MaxEntitiesScanned = 1_000;

    /// <summary>Page size of a range query whose rows the service filters: the requests together stay within the entity budget.</summary>
    public const int FilteredPageSize = MaxEntitiesScanned / MaxQueryRequests;

    /// <summary>Point reads of users' read state, for the read filter and for the served items together.</summary>
    public const int MaxStateReads = 100;

    /// <summary>Read-state point reads in flight at once.</summary>
    public const int StateReadParallelism = 20;

    /// <summary>Comparisons Azure Table Storage allows in one <c>$filter</c>.</summary>
    public const int MaxFilterComparisons = 15;

    public int QueryRequests { get; private set; }

    public int EntitiesScanned { get; private set; }

    public int StateReads { get; private set; }

    public int EntitiesLeft => MaxEntitiesScanned - EntitiesScanned;

    public int StateReadsLeft => MaxStateReads - StateReads;

    public bool CanQuery => QueryRequests < MaxQueryRequests && EntitiesLeft > 0;

    public void CountPage(int entities)
    {
        QueryRequests++;
        EntitiesScanned += entities;
    }

    public void CountEntity() => EntitiesScanned++;

    public void CountStateReads(int reads) => StateReads += reads;
}
