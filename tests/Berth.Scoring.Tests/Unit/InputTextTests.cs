using Berth.Scoring.CSharp;

namespace Berth.Scoring.Tests.Unit;

public sealed class InputTextTests
{
    [Theory]
    [InlineData("a=1&e=null", "{\"a\": 1, \"e\": null}")]
    [InlineData("s=text&r=1&r=2", "{\"s\": \"text\", \"r\": [1, 2]}")]
    [InlineData("q=%5B1%2C2%5D", "{\"q\": [1,2]}")]
    [InlineData("", "{}")]
    public void QueryToJson_ParsesValuesAndListsRepeats(string query, string expected) =>
        Assert.Equal(expected, InputText.QueryToJson(query));

    [Theory]
    [InlineData(new byte[] { 0x41, 0x42 }, null)]
    [InlineData(new byte[] { 0xff }, "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte")]
    [InlineData(new byte[] { 0x41, 0xc3, 0x41 }, "'utf-8' codec can't decode byte 0xc3 in position 1: invalid continuation byte")]
    [InlineData(new byte[] { 0x41, 0xe2, 0x82 }, "'utf-8' codec can't decode byte 0xe2 in position 1: unexpected end of data")]
    public void Utf8Error_WordsItLikePython(byte[] bytes, string? expected) =>
        Assert.Equal(expected, InputText.Utf8Error(bytes));
}
