namespace ActivityService.Core.Storage.Tables;

/// <summary>Merge keeps properties the update does not name; Replace drops them.</summary>
public enum TableUpdateMode
{
    Merge = 0,
    Replace = 1,
}
