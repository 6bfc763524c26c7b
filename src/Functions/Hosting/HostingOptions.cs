namespace ActivityService.Functions.Hosting;

public enum HostingMode
{
    /// <summary>Under the Azure Functions host, as a custom handler.</summary>
    Functions = 0,

    /// <summary>On its own (./run.sh): dev endpoints, in-process hub and queue.</summary>
    Standalone = 1,
}

/// <summary>Section <c>Hosting</c>.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>The Functions host sets this variable for a custom handler; its presence means Functions mode.</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public const string StandaloneUrl = "http://127.0.0.1:7071";

    public HostingMode? Mode { get; set; }

    public static HostingMode Resolve(IConfiguration configuration)
    {
        var configured = configuration.GetSection(Section).Get<HostingOptions>()?.Mode;
        return configured ?? (string.IsNullOrEmpty(configuration[CustomHandlerPortVariable]) ? HostingMode.Standalone : HostingMode.Functions);
    }
}
