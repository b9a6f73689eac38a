using Grpc.Core;

namespace Interop.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(StatusCode.Cancelled, 11)]
    [InlineData(StatusCode.InvalidArgument, 13)]
    [InlineData(StatusCode.DeadlineExceeded, 14)]
    [InlineData(StatusCode.NotFound, 15)]
    [InlineData(StatusCode.PermissionDenied, 17)]
    [InlineData(StatusCode.ResourceExhausted, 18)]
    [InlineData(StatusCode.Internal, 23)]
    [InlineData(StatusCode.Unavailable, 24)]
    [InlineData(StatusCode.Unauthenticated, 26)]
    public void Each_status_has_its_own_exit_code(StatusCode status, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.ForStatus(status));

    [Fact]
    public void No_status_collides_with_the_other_exit_codes()
    {
        var codes = Enum.GetValues<StatusCode>().Where(s => s != StatusCode.OK).Select(ExitCodes.ForStatus).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.DoesNotContain(ExitCodes.Success, codes);
        Assert.DoesNotContain(ExitCodes.Failure, codes);
        Assert.DoesNotContain(ExitCodes.Usage, codes);
        Assert.DoesNotContain(ExitCodes.PartialFailure, codes);
    }
}
