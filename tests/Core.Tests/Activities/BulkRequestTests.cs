using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §10 bulk bodies: everything is checked up front, with the messages clients read.</summary>
public sealed class BulkRequestTests
{
    [Fact]
    public void A_valid_body_binds_ids_set_and_versions()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""
            {"ids": ["a", "b"], "set": {"read_at": "2026-01-15T10:30:00Z"}, "versions": {"a": 3}}
            """));

        Assert.Null(errors);
        Assert.Equal(["a", "b"], request!.Ids);
        Assert.Equal("2026-01-15T10:30:00Z", request.Set.GetProperty("read_at").GetString());
        Assert.Equal(new Dictionary<string, long> { ["a"] = 3 }, request.Versions);
    }

    [Fact]
    public void Versions_are_optional()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"archived_at": null}}"""));

        Assert.Null(errors);
        Assert.Empty(request!.Versions);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    public void A_body_that_is_not_an_object_is_refused(string json)
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse(json));

        Assert.Null(request);
        Assert.Equal(["The body must be a JSON object."], errors!["$"]);
        Assert.Single(errors);
    }

    [Fact]
    public void An_empty_body_names_both_required_members()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("{}"));

        Assert.Null(request);
        Assert.Equal(["Is required: an array of 1-100 activity ids."], errors!["ids"]);
        Assert.Equal(["Is required: an object with read_at, seen_at and/or archived_at."], errors["set"]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_repeated_member_is_refused()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "ids": ["b"], "set": {"read_at": null}}"""));

        Assert.Null(request);
        Assert.Equal(["Appears more than once in the body."], errors!["ids"]);
        Assert.Single(errors);
    }

    [Fact]
    public void A_repeated_member_is_refused_without_binding_it_again()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "ids": [], "set": {"read_at": null}, "x": 1, "x": 2}"""));

        Assert.Null(request);
        Assert.Equal(["Appears more than once in the body."], errors!["ids"]);
        Assert.Equal(["Is not a member of a bulk request; use ids, set and versions.", "Appears more than once in the body."], errors["x"]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void An_unknown_member_is_refused()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"read_at": null}, "all": true}"""));

        Assert.Null(request);
        Assert.Equal(["Is not a member of a bulk request; use ids, set and versions."], errors!["all"]);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a\"")]
    [InlineData("{}")]
    public void Ids_that_are_not_a_non_empty_array_are_refused(string ids)
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": {{{ids}}}, "set": {"read_at": null}}"""));

        Assert.Null(request);
        Assert.Equal(["Must be an array of 1-100 activity ids."], errors!["ids"]);
        Assert.Single(errors);
    }

    [Fact]
    public void Exactly_the_maximum_number_of_ids_is_accepted()
    {
        var (request, errors) = BulkRequest.Bind(BodyWithIds(BulkRequest.MaxIds));

        Assert.Null(errors);
        Assert.Equal(BulkRequest.MaxIds, request!.Ids.Count);
    }

    [Fact]
    public void One_id_over_the_maximum_is_refused()
    {
        var (request, errors) = BulkRequest.Bind(BodyWithIds(BulkRequest.MaxIds + 1));

        Assert.Null(request);
        Assert.Equal(["Must be an array of 1-100 activity ids."], errors!["ids"]);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"\\ud800\"")]
    public void An_id_that_is_not_a_non_empty_string_is_refused(string id)
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": ["a", {{{id}}}, {{{id}}}], "set": {"read_at": null}}"""));

        Assert.Null(request);
        Assert.Equal(["Each id must be a string of 1-128 characters."], errors!["ids"]);
        Assert.Single(errors);
    }

    [Fact]
    public void An_id_of_128_characters_is_accepted_and_129_refused()
    {
        var (accepted, noErrors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": ["{{{new string('a', 128)}}}"], "set": {"read_at": null}}"""));
        var (refused, errors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": ["{{{new string('a', 129)}}}"], "set": {"read_at": null}}"""));

        Assert.Null(noErrors);
        Assert.Equal(new string('a', 128), Assert.Single(accepted!.Ids));
        Assert.Null(refused);
        Assert.Equal(["Each id must be a string of 1-128 characters."], errors!["ids"]);
    }

    [Fact]
    public void A_repeated_id_is_named_once()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a", "b", "a", "b"], "set": {"read_at": null}}"""));

        Assert.Null(request);
        Assert.Equal(["Each id may appear only once; repeated: a."], errors!["ids"]);
        Assert.Single(errors);
    }

    [Fact]
    public void Ids_differing_only_in_case_are_distinct()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a", "A"], "set": {"read_at": null}, "versions": {"A": 1}}"""));

        Assert.Null(errors);
        Assert.Equal(["a", "A"], request!.Ids);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Set_that_is_not_a_non_empty_object_is_refused(string set)
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": ["a"], "set": {{{set}}}}"""));

        Assert.Null(request);
        Assert.Equal(["Must be an object with read_at, seen_at and/or archived_at."], errors!["set"]);
        Assert.Single(errors);
    }

    [Fact]
    public void Set_errors_are_named_under_set()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"title": "x", "read_at": "yesterday"}}"""));

        Assert.Null(request);
        Assert.Equal(["Cannot be changed through this endpoint."], errors!["set.title"]);
        Assert.True(errors.ContainsKey("set.read_at"));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Set_with_several_errors_on_one_field_keeps_them_all()
    {
        var (_, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"title": "x", "title": "y"}}"""));

        Assert.Equal(["Cannot be changed through this endpoint.", "Appears more than once in the body."], errors!["set.title"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    public void Versions_that_are_not_an_object_are_refused(string versions)
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": ["a"], "set": {"read_at": null}, "versions": {{{versions}}}}"""));

        Assert.Null(request);
        Assert.Equal(["Must be an object mapping ids to versions."], errors!["versions"]);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"1\"")]
    [InlineData("9223372036854775808")]
    public void A_version_that_is_not_a_positive_integer_is_refused(string version)
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse($$$"""{"ids": ["a"], "set": {"read_at": null}, "versions": {"a": {{{version}}}}}"""));

        Assert.Null(request);
        Assert.Equal(["The version of a must be a positive integer."], errors!["versions"]);
        Assert.Single(errors);
    }

    [Fact]
    public void Version_one_is_accepted()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"read_at": null}, "versions": {"a": 1}}"""));

        Assert.Null(errors);
        Assert.Equal(1, request!.Versions["a"]);
    }

    [Fact]
    public void A_version_named_twice_is_refused()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"read_at": null}, "versions": {"a": 1, "a": 2}}"""));

        Assert.Null(request);
        Assert.Equal(["Names a more than once."], errors!["versions"]);
    }

    [Fact]
    public void A_version_for_an_id_not_in_ids_is_refused()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": ["a"], "set": {"read_at": null}, "versions": {"a": 1, "b": 2, "c": 3}}"""));

        Assert.Null(request);
        Assert.Equal(["Names an id that is not in ids: b.", "Names an id that is not in ids: c."], errors!["versions"]);
        Assert.Single(errors);
    }

    [Fact]
    public void Versions_are_not_checked_against_invalid_ids()
    {
        var (request, errors) = BulkRequest.Bind(Json.Parse("""{"ids": [], "set": {"read_at": null}, "versions": {"b": 2}}"""));

        Assert.Null(request);
        Assert.Equal(["Must be an array of 1-100 activity ids."], errors!["ids"]);
        Assert.Single(errors);
    }

    private static JsonElement BodyWithIds(int count) =>
        JsonSerializer.SerializeToElement(new { ids = Enumerable.Range(0, count).Select(i => $"id{i}"), set = new { read_at = (string?)null } });
}
