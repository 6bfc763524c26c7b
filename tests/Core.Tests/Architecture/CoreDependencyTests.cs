using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Architecture;

/// <summary>
/// Core holds the domain, the use cases and the storage adapter; it must run under any host, so it may
/// not depend on ASP.NET Core, the Functions contract, or hosting and logging frameworks.
/// </summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] ForbiddenPrefixes =
    [
        "Microsoft.AspNetCore",
        "Microsoft.Extensions.Hosting",
        "Microsoft.Extensions.Logging",
        "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Azure.Functions",
        "Microsoft.Azure.WebJobs",
        "ActivityService.Functions",
    ];

    [Fact]
    public void Core_references_no_hosting_framework()
    {
        var core = typeof(Activity).Assembly;

        var offending = core.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => ForbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offending);
        Assert.Contains(core.GetReferencedAssemblies(), reference => reference.Name == "Azure.Core");
    }
}
