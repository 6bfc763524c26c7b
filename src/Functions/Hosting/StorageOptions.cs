using System.ComponentModel.DataAnnotations;

namespace ActivityService.Functions.Hosting;

/// <summary>
/// Section <c>Storage</c>: a connection string (account key or Azurite), or, in Azure, the table
/// endpoint alone, reached with the app's managed identity.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }

    /// <summary>For Entra ID auth, e.g. <c>https://account.table.core.windows.net</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "A table name is 3-63 letters and digits, starting with a letter.")]
    public string TableName { get; set; } = "activities";

    /// <summary>
    /// Refuse, before sending, requests Azure Table Storage would refuse but the emulator accepts.
    /// The tests turn it on; off by default, since in Azure the service enforces the limits itself.
    /// </summary>
    public bool StrictAzureLimits { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) == (TableServiceUri is null))
        {
            yield return new ValidationResult("Set exactly one of Storage:ConnectionString and Storage:TableServiceUri.");
        }
    }
}
