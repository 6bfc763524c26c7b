namespace ActivityService.Core.Tests.Catalog;

/// <summary>
/// Finds the shared reference documents, which live in a <c>shared/seeds</c> folder beside the
/// repository rather than inside it, by walking up from the test binaries.
/// </summary>
internal static class SeedFiles
{
    public const string MessageTypeTable = "001_8dc4e4def9d4ab1e.txt";

    public static string PathOf(string fileName)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "seeds", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"Seed '{fileName}' not found: no folder above {AppContext.BaseDirectory} contains shared/seeds/{fileName}. " +
            "The seeds are expected in shared/seeds next to the repository.",
            fileName);
    }
}
