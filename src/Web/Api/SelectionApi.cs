using CallManager.Web.Hosting;

namespace CallManager.Web.Api;

/// <summary>HTTP endpoints of the selection stage.</summary>
public sealed class SelectionApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
