using Google.Protobuf;
using Google.Protobuf.Reflection;
using Interop.Employers.V1;
using Interop.Hub.Caching;

namespace Interop.Hub.Tests.Caching;

/// <summary>Cache keys carry a version of the cached messages' schema, so a deploy that changes a message never reads old bytes.</summary>
public sealed class CacheSchemaTests
{
    [Fact]
    public void The_version_is_stable_for_the_same_messages()
    {
        Assert.Equal(CacheSchema.Version, CacheSchema.Of([.. CacheSchema.CachedFiles]));
        Assert.Matches("^[0-9a-f]{12}$", CacheSchema.Version);
    }

    [Fact]
    public void A_field_added_to_a_cached_message_changes_the_version()
    {
        var file = FileDescriptorProto.Parser.ParseFrom(Employer.Descriptor.File.SerializedData);
        var employer = file.MessageType.Single(m => m.Name == nameof(Employer));
        employer.Field.Add(new FieldDescriptorProto
        {
            Name = "headcount_band",
            Number = employer.Field.Max(f => f.Number) + 1,
            Type = FieldDescriptorProto.Types.Type.String,
            Label = FieldDescriptorProto.Types.Label.Optional,
            JsonName = "headcountBand",
        });

        var changed = CacheSchema.CachedFiles.Select(f => f == Employer.Descriptor.File.SerializedData ? file.ToByteString() : f);

        Assert.NotEqual(CacheSchema.Version, CacheSchema.Of(changed));
    }

    [Fact]
    public void A_field_renumbered_changes_the_version()
    {
        var file = FileDescriptorProto.Parser.ParseFrom(Employer.Descriptor.File.SerializedData);
        var field = file.MessageType.Single(m => m.Name == nameof(Employer)).Field[1];
        field.Number += 100;

        var changed = CacheSchema.CachedFiles.Select(f => f == Employer.Descriptor.File.SerializedData ? file.ToByteString() : f);

        Assert.NotEqual(CacheSchema.Version, CacheSchema.Of(changed));
    }
}
