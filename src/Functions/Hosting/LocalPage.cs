using Microsoft.Extensions.FileProviders;

namespace ActivityService.Functions.Hosting;

/// <summary>
/// Standalone mode serves the live feed page (<c>wwwroot/</c>) at <c>/</c>, and the SignalR browser client
/// from the npm package that ./run.sh installs, so no copy of it lives in the repository.
/// </summary>
public static class LocalPage
{
    public const string SignalRScriptPath = "/lib/signalr.min.js";
    private const string SignalRPackageFile = "node_modules/@microsoft/signalr/dist/browser/signalr.min.js";

    public static WebApplication UseLocalPage(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        if (FindUpwards(app.Environment.ContentRootPath, SignalRPackageFile) is { } script)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(script)!),
                RequestPath = "/lib",
            });
        }

        return app;
    }

    /// <summary>The file at <paramref name="relativePath"/> under the content root or one of its parents (the repository root).</summary>
    private static string? FindUpwards(string start, string relativePath)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
