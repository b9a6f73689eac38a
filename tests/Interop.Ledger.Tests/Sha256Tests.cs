using System.Security.Cryptography;
using System.Text;

namespace Interop.Ledger.Tests;

/// <summary>The log's SHA-256 (OpenSSL's low-level functions on Linux) against the FIPS 180 vectors and .NET's.</summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Digests_are_those_of_the_fips_180_examples(string message, string digest)
    {
        var bytes = Encoding.ASCII.GetBytes(message);

        Assert.Equal(digest, Convert.ToHexStringLower(Sha256.HashData(bytes)));

        using var hasher = new Sha256Hasher();
        foreach (var b in bytes)
        {
            hasher.Append([b]);
        }

        var incremental = new byte[Sha256.HashSize];
        hasher.GetHashAndReset(incremental);
        Assert.Equal(digest, Convert.ToHexStringLower(incremental));
    }

    [Fact]
    public void Every_length_across_several_blocks_hashes_as_dotnet_does_in_one_piece_or_in_many()
    {
        var input = RandomNumberGenerator.GetBytes(1000);
        using var hasher = new Sha256Hasher();
        var ours = new byte[Sha256.HashSize];
        for (var length = 0; length <= input.Length; length += length < 200 ? 1 : 37)
        {
            var data = input.AsSpan(0, length);
            var expected = SHA256.HashData(data);

            Sha256.HashData(data, ours);
            Assert.Equal(expected, ours);

            hasher.Append(data[..(length / 3)]);
            hasher.Append(data[(length / 3)..]);
            hasher.GetHashAndReset(ours);
            Assert.Equal(expected, ours);
        }
    }

    [Fact]
    public void The_destination_may_be_the_source()
    {
        var buffer = RandomNumberGenerator.GetBytes(Sha256.HashSize);
        var expected = SHA256.HashData(buffer);

        Sha256.HashData(buffer, buffer);

        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void A_destination_shorter_than_a_digest_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.HashData([1, 2, 3], new byte[31]));
    }

    /// <summary>The hub runs on Debian with OpenSSL 3 (not in FIPS mode): there the fast path must be the one taken.</summary>
    [Fact]
    public void On_debian_the_low_level_functions_of_openssl_3_are_used()
    {
        Assert.True(Sha256.UsesOpenSsl, "libcrypto.so.3 was not loaded, lacks SHA256_Init/Update/Final, or runs in FIPS mode");
    }
}
