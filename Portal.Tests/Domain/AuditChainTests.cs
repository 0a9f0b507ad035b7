using Portal.Domain.Auditing;

namespace Portal.Tests.Domain;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void AcceptsAChainBuiltByTheRule()
    {
        var chain = BuildChain(5);
        AuditEntry? previous = null;
        foreach (var entry in chain)
        {
            Assert.Null(AuditChain.FindFault(Key, entry, previous));
            previous = entry;
        }
    }

    [Fact]
    public void DetectsAlteredContent()
    {
        var chain = BuildChain(3);
        var altered = Copy(chain[1], details: "nothing happened here");
        Assert.Equal("its content does not match its keyed hash (altered, or rehashed without the key)", AuditChain.FindFault(Key, altered, chain[0]));
    }

    [Fact]
    public void DetectsARemovedRow()
    {
        var chain = BuildChain(3);
        Assert.Contains("missing", AuditChain.FindFault(Key, chain[2], chain[0]));
    }

    [Fact]
    public void DetectsARowRehashedWithoutItsPredecessor()
    {
        var chain = BuildChain(3);
        // An attacker rewrites row 2 and recomputes its hash, but row 3 still points at the old hash.
        var forged = Copy(chain[1], details: "forged", rehash: true);
        Assert.Null(AuditChain.FindFault(Key, forged, chain[0]));
        Assert.Equal("its previous-hash does not match the row before it", AuditChain.FindFault(Key, chain[2], forged));
    }

    [Fact]
    public void FieldBoundariesCannotBeShifted()
    {
        var a = AuditChain.ComputeHash(Key, 1, Start, "ab", "c", "t", "d", null, AuditChain.GenesisHash);
        var b = AuditChain.ComputeHash(Key, 1, Start, "a", "bc", "t", "d", null, AuditChain.GenesisHash);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void RefusesARowRehashedWithPlainSha256()
    {
        var chain = BuildChain(2);
        var plain = AuditChain.ComputeHash(null, chain[1].Sequence, chain[1].Timestamp, chain[1].Actor, chain[1].Action, chain[1].Target,
            "forged", null, chain[1].PreviousHash);
        var forged = new AuditEntry
        {
            Sequence = 2, Timestamp = chain[1].Timestamp, Actor = chain[1].Actor, Action = chain[1].Action, Target = chain[1].Target,
            Details = "forged", PreviousHash = chain[1].PreviousHash, Hash = plain,
        };
        Assert.Null(AuditChain.FindFault(null, forged, chain[0]));
        Assert.NotNull(AuditChain.FindFault(Key, forged, chain[0]));
    }

    [Fact]
    public void ACheckpointRoundTripsAndFailsUnderAnotherKeyOrWhenEdited()
    {
        var checkpoint = AuditCheckpoint.Create(Key, 42, new string('a', 64), Start.AddTicks(12345));
        var read = AuditCheckpoint.Parse(checkpoint.ToLine());

        Assert.Equal(checkpoint, read);
        Assert.True(read!.IsSignedBy(Key));
        Assert.False(read.IsSignedBy(new byte[32]));
        Assert.False((read with { Sequence = 41 }).IsSignedBy(Key));
    }

    private static List<AuditEntry> BuildChain(int length)
    {
        var chain = new List<AuditEntry>();
        var previousHash = AuditChain.GenesisHash;
        for (var sequence = 1; sequence <= length; sequence++)
        {
            var timestamp = Start.AddMinutes(sequence);
            var hash = AuditChain.ComputeHash(Key, sequence, timestamp, "admin@x", "test.action", $"thing:{sequence}", "details", null, previousHash);
            chain.Add(new AuditEntry
            {
                Sequence = sequence, Timestamp = timestamp, Actor = "admin@x", Action = "test.action",
                Target = $"thing:{sequence}", Details = "details", PreviousHash = previousHash, Hash = hash,
            });
            previousHash = hash;
        }
        return chain;
    }

    private static AuditEntry Copy(AuditEntry entry, string details, bool rehash = false)
    {
        var hash = rehash
            ? AuditChain.ComputeHash(Key, entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target, details, entry.OrganisationId, entry.PreviousHash)
            : entry.Hash;
        return new AuditEntry
        {
            Sequence = entry.Sequence, Timestamp = entry.Timestamp, Actor = entry.Actor, Action = entry.Action,
            Target = entry.Target, Details = details, PreviousHash = entry.PreviousHash, Hash = hash,
        };
    }
}
