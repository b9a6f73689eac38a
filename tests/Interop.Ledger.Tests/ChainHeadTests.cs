namespace Interop.Ledger.Tests;

public sealed class ChainHeadTests
{
    [Fact]
    public void A_head_is_the_checkpoints_sequence_and_the_hash_the_next_checkpoint_links_to()
    {
        byte[] checkpoint = [1, 2, 3];

        var head = ChainHead.Of(42, checkpoint);

        Assert.Equal(42, head.Sequence);
        Assert.Equal(Convert.ToHexStringLower(Checkpoints.ChainHash(checkpoint)), head.HashHex);
        Assert.Equal($"42:{head.HashHex}", head.ToString());
    }

    [Fact]
    public void The_written_form_parses_back_whatever_the_hex_case()
    {
        var head = ChainHead.Of(7, [9, 9]);

        Assert.True(ChainHead.TryParse(head.ToString().ToUpperInvariant(), out var parsed));
        Assert.Equal(head, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData(":0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-1:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("3:abc")]
    [InlineData("3:zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("3:00000000000000000000000000000000000000000000000000000000000000000")]
    public void Anything_else_is_not_a_head(string? text)
    {
        Assert.False(ChainHead.TryParse(text, out _));
    }
}
