namespace Interop.Ports;

/// <summary>
/// The changes an agency's database has committed, announced by the agency's own adapter so that the hub can
/// drop what it cached. Positions are the agency's outbox sequence: a follower that stored the position of the
/// last batch it applied resumes from there after a restart or a lost connection without missing a change.
/// </summary>
public interface IChangeFeed
{
    /// <summary>The agency whose records this feed announces (see <see cref="AgencyCodes"/>).</summary>
    string AgencyCode { get; }

    /// <summary>
    /// Yields every change committed after <paramref name="after"/> (from the current head when null), then
    /// follows new commits as they happen until cancelled. Reconnects by itself: a lost connection is reported
    /// as an <see cref="ChangeFeedState.Interrupted"/> batch, and the changes committed meanwhile follow once it
    /// is back. Never ends on its own.
    /// </summary>
    IAsyncEnumerable<ChangeBatch> FollowAsync(long? after, CancellationToken cancellationToken);
}

/// <summary>Where a feed stands after a batch.</summary>
public enum ChangeFeedState
{
    /// <summary>Delivering changes committed before the feed reached the head of the outbox.</summary>
    CatchingUp,

    /// <summary>Everything committed up to <see cref="ChangeBatch.Position"/> has been delivered; new commits follow at once.</summary>
    Live,

    /// <summary>The feed lost its database: changes committed from now on are delivered only once it is back.</summary>
    Interrupted,

    /// <summary>
    /// The position asked for is not in the outbox (the database was recreated or reloaded): what changed since
    /// is unknown, so everything cached from this agency must be dropped. Position is the new head.
    /// </summary>
    PositionLost,
}

/// <param name="Position">Where to resume after this batch (the outbox sequence of its last change).</param>
/// <param name="Notices">What the batch's changes make out of date; empty for batches that only report a state.</param>
/// <param name="Failure">Why the feed was interrupted, for the follower's log.</param>
public sealed record ChangeBatch(
    long Position, IReadOnlyList<ChangeNotice> Notices, ChangeFeedState State, Exception? Failure = null);

/// <summary>Records made out of date by a committed change, in the ports' own terms.</summary>
/// <param name="Keys">The keys of the records, as the ports take them (see <see cref="ChangeKind"/>).</param>
public sealed record ChangeNotice(string AgencyCode, ChangeKind Kind, IReadOnlyList<string> Keys);

public enum ChangeKind
{
    /// <summary>Every record of the agency (a shared reference table changed). No keys.</summary>
    Everything,

    /// <summary>A Commercial Registry employer; key: its registry number.</summary>
    Employer,

    /// <summary>An employer's contribution standing, at every date; key: its registry number.</summary>
    Standing,

    /// <summary>A work permit; key: its permit number.</summary>
    Permit,

    /// <summary>The list of a worker's permits; key: <see cref="ChangeKeys.TravelDocument"/>.</summary>
    WorkerPermits,

    /// <summary>Every page of an employer's permits; key: its registry number.</summary>
    EmployerPermits,
}

/// <summary>Keys shared by the feeds that announce changes and the hub that caches answers.</summary>
public static class ChangeKeys
{
    /// <summary>A worker's travel document as one key: type, number and issuing country.</summary>
    public static string TravelDocument(Interop.Permits.V1.TravelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return $"{(int)document.Type}/{document.Number}/{document.Nationality}";
    }
}
