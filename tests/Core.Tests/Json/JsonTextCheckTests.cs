using System.Text;
using System.Text.Json;
using ActivityService.Core.Json;

namespace ActivityService.Core.Tests.Json;

public sealed class JsonTextCheckTests
{
    [Theory]
    [InlineData("""{"a":1,"b":"x","c":[true,null,{"d":"é😀"}]}""")]
    [InlineData("""[]""")]
    [InlineData("""{"a":{"b":1},"c":{"b":2}}""")]
    public void Sound_documents_have_no_finding(string json)
    {
        Assert.Null(Find(json));
    }

    [Theory]
    [InlineData("""{"title":"\ud800"}""", "$.title")]
    [InlineData("""{"a":{"b":["ok","\udc00x"]}}""", "$.a.b[1]")]
    [InlineData("""["\ud83d"]""", "$[0]")]
    public void A_lone_surrogate_value_is_found_at_its_path(string json, string path)
    {
        Assert.Equal(new JsonTextFinding(JsonTextProblem.InvalidValue, path), Find(json));
    }

    [Fact]
    public void Invalid_utf8_in_a_value_is_found()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a":{"title":"x?y"}}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        Assert.Equal(new JsonTextFinding(JsonTextProblem.InvalidValue, "$.a.title"), Find(bytes));
    }

    [Fact]
    public void An_invalid_member_name_names_the_object_that_holds_it()
    {
        Assert.Equal(new JsonTextFinding(JsonTextProblem.InvalidName, "$.a"), Find("""{"a":{"\ud800":1}}"""));
        Assert.Equal(new JsonTextFinding(JsonTextProblem.InvalidName, "$"), Find("""{"\udfff":1}"""));
    }

    [Theory]
    [InlineData("""{"status":"a","status":"b"}""", "$.status")]
    [InlineData("""{"d":{"activityId":1,"x":0,"activityId":2}}""", "$.d.activityId")]
    [InlineData("""[{"k":1},{"k":1,"k":2}]""", "$[1].k")]
    public void A_duplicate_member_name_is_found_at_its_second_occurrence(string json, string path)
    {
        Assert.Equal(new JsonTextFinding(JsonTextProblem.DuplicateName, path), Find(json));
    }

    [Fact]
    public void The_first_problem_in_document_order_wins()
    {
        Assert.Equal(new JsonTextFinding(JsonTextProblem.DuplicateName, "$.a"), Find("""{"a":1,"a":2,"b":"\ud800"}"""));
        Assert.Equal(new JsonTextFinding(JsonTextProblem.InvalidValue, "$.a"), Find("""{"a":"\ud800","b":1,"b":2}"""));
    }

    private static JsonTextFinding? Find(string json) => Find(Encoding.UTF8.GetBytes(json));

    private static JsonTextFinding? Find(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return JsonTextCheck.FindFirst(document.RootElement);
    }
}
