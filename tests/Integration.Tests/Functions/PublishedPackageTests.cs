using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using ActivityService.Functions.FunctionsHost;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// <c>scripts/publish.sh</c> produces a package the Functions host can run: host.json and every function
/// folder at the root, the self-contained executable with its exec bit; started as the host starts it
/// (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>), it answers the start probe, forwarded requests and invocations.
/// </summary>
[UnsupportedOSPlatform("windows")] // the package is linux-x64, and its exec bit is a Unix file mode
public sealed class PublishedPackageTests : IDisposable
{
    private const string Executable = "ActivityService.Functions";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(9);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _work = Directory.CreateTempSubdirectory("activity-package-").FullName;

    [Fact]
    public async Task The_published_zip_runs_as_a_custom_handler()
    {
        var zip = Path.Combine(_work, "functionapp.zip");
        await PublishAsync(zip);

        // Layout: host.json, the executable with its exec bit, one folder per function.
        using (var archive = ZipFile.OpenRead(zip))
        {
            var entries = archive.Entries.ToDictionary(entry => entry.FullName, StringComparer.Ordinal);
            Assert.Equal(File.ReadAllText(Path.Combine(FunctionsTestKit.RepositoryRoot, "host.json")), Read(entries["host.json"]));
            foreach (var (name, text) in FunctionCatalog.RenderAll())
            {
                Assert.True(entries.TryGetValue(name + "/function.json", out var entry), $"The package lacks {name}/function.json.");
                Assert.Equal(text, Read(entry));
            }

            var mode = (UnixFileMode)((entries[Executable].ExternalAttributes >> 16) & 0x1FF);
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{Executable} is stored without its exec bit ({mode}).");
        }

        var app = Path.Combine(_work, "app");
        ZipFile.ExtractToDirectory(zip, app);
        Assert.True(File.GetUnixFileMode(Path.Combine(app, Executable)).HasFlag(UnixFileMode.UserExecute));

        var port = FunctionsTestKit.FreePort();
        using var process = Start(app, port);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitForProbeAsync(client, process);

            using (var health = await client.GetAsync("/api/health"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
            }

            var company = FunctionsTestKit.NewCompany();
            var token = FunctionsTestKit.Token(company, "boss", "admin");
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/activities"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var list = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
                FunctionsTestKit.AssertJsonEqual(FunctionsTestKit.ParseNode("""{"data":[],"next_cursor":null}"""), FunctionsTestKit.ParseNode(await list.Content.ReadAsStringAsync()));
            }

            var invocation = new HttpInvocation("POST", "/api/activities").Bearer(token).Json("""{"title":"From the package","user_id":"u7"}""");
            var answer = (await InvocationAnswer.PostAsync(client, "CreateActivity", invocation.ToJson())).AssertInvocationSucceeded();
            Assert.Equal(201, answer.ResStatus);
            Assert.Equal("From the package", answer.ResBody["title"]!.GetValue<string>());
            Assert.Equal(3, answer.SignalR.Count);

            // Dev routes are not there under the host.
            using var devToken = await client.PostAsync("/api/dev/token", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
        }
        finally
        {
            Stop(process);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static async Task PublishAsync(string zip)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(FunctionsTestKit.RepositoryRoot, "scripts", "publish.sh"), zip])
        {
            WorkingDirectory = FunctionsTestKit.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start) ?? throw new InvalidOperationException("Cannot start bash.");
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await publish.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            publish.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/publish.sh did not finish within {PublishTimeout}.");
        }

        Assert.True(publish.ExitCode == 0, $"scripts/publish.sh exited {publish.ExitCode}:\n{await output}\n{await errors}");
        Assert.True(File.Exists(zip), $"scripts/publish.sh wrote no {zip}:\n{await output}");
    }

    /// <summary>Starts the executable as the Functions host does: in its folder, with the port it assigns.</summary>
    private static Process Start(string folder, int port)
    {
        var start = new ProcessStartInfo(Path.Combine(folder, Executable))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "Hosting__Mode" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["Storage__ConnectionString"] = Azurite.ConnectionString;
        start.Environment["Storage__TableName"] = "pkg" + Guid.NewGuid().ToString("N")[..20];
        start.Environment["Storage__StrictAzureLimits"] = "true";
        start.Environment["Auth__SigningKey"] = AppServer.SigningKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + Executable);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The host probes GET / until any HTTP answer; it gives the handler 60 seconds.</summary>
    private static async Task WaitForProbeAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"{Executable} exited with {(process.HasExited ? process.ExitCode : 0)} before answering.");
            try
            {
                using var probe = await client.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"{Executable} did not answer GET / within {StartTimeout}.");
    }

    /// <summary>Ends only the process this test started.</summary>
    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }
}
