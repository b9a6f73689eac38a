using Google.Rpc;
using Grpc.Core;
using Interop.Hub.Errors;

namespace Interop.Hub.Tests;

/// <summary>Assertions on the google.rpc.Status a failed call carries.</summary>
public static class RpcAssert
{
    public static async Task<Google.Rpc.Status> FailsWith(StatusCode expected, string reason, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, exception.StatusCode);
        var status = exception.GetRpcStatus();
        Assert.NotNull(status);
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal(reason, info.Reason);
        Assert.Equal(ErrorReasons.Domain, info.Domain);
        AssertNoInternals(status.Message);
        return status;
    }

    public static async Task<IReadOnlyList<string>> FailsWithInvalidFields(Func<Task> call)
    {
        var status = await FailsWith(StatusCode.InvalidArgument, ErrorReasons.InvalidArgument, call);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return [.. badRequest.FieldViolations.Select(v => v.Field)];
    }

    /// <summary>Nothing of the hub's insides (stack traces, exception types, SQL, connection details) reaches the wire.</summary>
    public static void AssertNoInternals(string message)
    {
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Password", message, StringComparison.OrdinalIgnoreCase);
    }
}
