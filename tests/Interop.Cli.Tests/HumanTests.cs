using Grpc.Core;

namespace Interop.Cli.Tests;

public sealed class HumanTests
{
    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.NotFound, "NOT_FOUND")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    public void Statuses_are_shown_by_their_gRPC_names(StatusCode code, string expected) =>
        Assert.Equal(expected, Human.Status(code));
}
