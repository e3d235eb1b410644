using System.Text;
using DashboardFactory.StateReads;
using Orleans.Storage;

namespace DashboardFactory.UnitTests.StateReads;

/// <summary>
/// Row keys as Orleans' ADO.NET storage encodes them (its AdoGrainKey is internal). That the hashes match the rows
/// the provider really writes is checked on PostgreSQL (BatchedStateReadTests).
/// </summary>
public sealed class StateKeyTests
{
    private static readonly GrainType Type = GrainType.Create("test");

    private static byte[] Reversed(byte[] bytes) => [.. bytes.Reverse()];

    [Fact]
    public void AStringKeyIsItsExtensionHashedOverItsReversedUtf8Bytes()
    {
        var (n0, n1, extension, hashBytes) = StateKey.Encode(GrainId.Create(Type, "pc-ab12-000042"));

        (n0, n1, extension).Should().Be((0L, 0L, "pc-ab12-000042"));
        hashBytes.Should().Equal(Reversed(Encoding.UTF8.GetBytes("pc-ab12-000042")));
    }

    [Fact]
    public void AnIntegerKeyIsN1HashedOverItsReversedLittleEndianBytes()
    {
        var (n0, n1, extension, hashBytes) = StateKey.Encode(GrainId.Create(Type, GrainIdKeyExtensions.CreateIntegerKey(42)));

        (n0, n1, extension).Should().Be((0L, 42L, (string?)null));
        hashBytes.Should().Equal(Reversed(BitConverter.GetBytes(42L)));
    }

    [Fact]
    public void AnIntegerKeyWithAnExtensionHashesTheExtensionAfterTheNumber()
    {
        var (_, n1, extension, hashBytes) = StateKey.Encode(GrainId.Create(Type, GrainIdKeyExtensions.CreateIntegerKey(7, "ext")));

        (n1, extension).Should().Be((7L, "ext"));
        hashBytes.Should().Equal(Reversed([.. BitConverter.GetBytes(7L), .. Encoding.UTF8.GetBytes("ext")]));
    }

    [Fact]
    public void AGuidKeyIsItsTwoHalvesHashedOverItsReversedBytes()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var bytes = guid.ToByteArray();

        var (n0, n1, extension, hashBytes) = StateKey.Encode(GrainId.Create(Type, GrainIdKeyExtensions.CreateGuidKey(guid)));

        (n0, n1, extension).Should().Be((BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), (string?)null));
        hashBytes.Should().Equal(Reversed(bytes));
    }

    [Fact]
    public void TheHashesAreThoseOfTheProvidersHasherOverTheKeyAndTheStateName()
    {
        var hashes = new StorageHasherPicker([new OrleansDefaultHasher()]);
        var grainId = GrainId.Create(Type, "pc-ab12-000042");

        var key = StateKey.For("cockpit", grainId, new GrainState<object>(), hashes, "service", "Storage");

        key.IdHash.Should().Be(new OrleansDefaultHasher().Hash(Reversed(Encoding.UTF8.GetBytes("pc-ab12-000042"))));
        key.TypeHash.Should().Be(new OrleansDefaultHasher().Hash(Encoding.UTF8.GetBytes("cockpit")));
        key.TypeString.Should().Be("cockpit");
    }
}
