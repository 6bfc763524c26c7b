namespace ActivityService.Functions.Http;

/// <summary>
/// Every error response (contract §5.7): <c>application/problem+json</c> with a stable <c>type</c>, a title,
/// the status and a detail written for the caller. Never a stack trace or a storage detail.
/// docs/api.md lists the types.
/// </summary>
public static class Problems
{
    public const string TypeBase = "urn:activity-service:problem:";

    public static IResult Validation(IDictionary<string, string[]> errors, string detail = "One or more fields are invalid; see errors.") =>
        TypedResults.ValidationProblem(errors, detail, type: TypeBase + "validation", title: "Invalid request");

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult BadRequest(string detail) => Problem(400, "bad-request", "Bad request", detail);

    public static IResult Unauthorized(string detail = "A valid bearer token with sub, company_id and role is required.") =>
        Problem(401, "unauthorized", "Unauthorized", detail);

    public static IResult Forbidden(string detail = "This endpoint needs the admin role.") =>
        Problem(403, "forbidden", "Forbidden", detail);

    public static IResult NotFound(string detail = "No such activity.") => Problem(404, "not-found", "Not found", detail);

    public static IResult MethodNotAllowed() =>
        Problem(405, "method-not-allowed", "Method not allowed", "This method is not supported on this path; see the Allow header.");

    public static IResult Conflict(string detail) => Problem(409, "conflict", "Conflict", detail);

    public static IResult PreconditionFailed(string detail = "The activity has changed since the ETag in If-Match; fetch it again.") =>
        Problem(412, "precondition-failed", "Precondition failed", detail);

    public static IResult LengthRequired() =>
        Problem(411, "length-required", "Length required", "Send the request body with a Content-Length header, not chunked: the Functions host drops a chunked body.");

    public static IResult PayloadTooLarge(int limitBytes) =>
        Problem(413, "payload-too-large", "Payload too large", $"The request body is over {limitBytes / 1024} KiB.");

    public static IResult UnsupportedMediaType(string detail) => Problem(415, "unsupported-media-type", "Unsupported media type", detail);

    public static IResult ServiceUnavailable(string detail) => Problem(503, "unavailable", "Service unavailable", detail);

    public static IResult Internal() => Problem(500, "internal", "Internal error", "The request failed unexpectedly. It has been logged.");

    private static IResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeBase + type);
}
