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

    /// <summary>
    /// The configured mode; Functions when only the host's port variable is set. Standalone mode (which
    /// serves anonymous dev endpoints) is never guessed: with neither setting the app refuses to start.
    /// </summary>
    public static HostingMode Resolve(IConfiguration configuration)
    {
        var configured = configuration.GetSection(Section).Get<HostingOptions>()?.Mode;
        return configured
            ?? (string.IsNullOrEmpty(configuration[CustomHandlerPortVariable])
                ? throw new HostingModeMissingException()
                : HostingMode.Functions);
    }
}

/// <summary>Neither <c>Hosting__Mode</c> nor <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> is set.</summary>
public sealed class HostingModeMissingException : Exception
{
    public HostingModeMissingException()
        : base("Refusing to start: no hosting mode. Set Hosting__Mode=Standalone to run locally (./run.sh does), "
            + "or Hosting__Mode=Functions; under the Azure Functions host FUNCTIONS_CUSTOMHANDLER_PORT selects Functions mode.")
    {
    }

    public HostingModeMissingException(string message)
        : base(message)
    {
    }

    public HostingModeMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
