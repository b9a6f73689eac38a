using Grpc.Core;

namespace Interop.Cli;

/// <summary>The process exit codes; README.md documents the same table for script authors.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed that is neither a usage error nor a gRPC status, e.g. a file that cannot be read.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown command, missing argument, malformed option, bad caller.</summary>
    public const int Usage = 2;

    /// <summary>A batch call succeeded but at least one of its items was not found or was invalid.</summary>
    public const int PartialFailure = 3;

    /// <summary>
    /// A check came out negative: a receipt that does not prove its exchange, a log that departs from its checkpoints,
    /// a clearance certificate that is not VALID (expired, revoked, unknown or tampered).
    /// </summary>
    public const int VerificationFailed = 4;

    /// <summary>Added to the gRPC status code of a failed call: NOT_FOUND (5) exits with 15, UNAUTHENTICATED (16) with 26.</summary>
    public const int StatusBase = 10;

    public static int ForStatus(StatusCode code) => StatusBase + (int)code;
}
