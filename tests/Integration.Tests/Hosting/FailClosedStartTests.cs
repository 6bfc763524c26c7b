using System.Diagnostics;
using ActivityService.Integration.Tests.Functions;

namespace ActivityService.Integration.Tests.Hosting;

/// <summary>
/// Contract §9: standalone mode (anonymous dev endpoints) only when <c>Hosting__Mode=Standalone</c> is set. The
/// real executable, started with no mode and no <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, refuses to start.
/// </summary>
public sealed class FailClosedStartTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Without_a_hosting_mode_the_app_refuses_to_start_with_a_clear_message()
    {
        var dll = Path.Combine(FunctionsTestKit.RepositoryRoot, "src", "Functions", "bin", BuildConfiguration, "net10.0", "ActivityService.Functions.dll");
        Assert.True(File.Exists(dll), $"Build the app first: {dll} is missing.");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var inherited in new[] { "Hosting__Mode", "FUNCTIONS_CUSTOMHANDLER_PORT", "ASPNETCORE_URLS", "URLS" })
        {
            start.Environment.Remove(inherited);
        }

        // A port nothing listens on: were the app to start anyway, it must not collide with anything.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Auth__SigningKey"] = Infrastructure.AppServer.SigningKey;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start dotnet.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The app kept running without a hosting mode:\n{await output}");
        }

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Hosting__Mode=Standalone", await errors, StringComparison.Ordinal);
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif
}
