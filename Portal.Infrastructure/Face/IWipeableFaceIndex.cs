using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>An index that can clear every vector it holds: done to a replaced index once no search uses it (issue 16).</summary>
public interface IWipeableFaceIndex : IFaceIndex
{
    void Wipe();
}
