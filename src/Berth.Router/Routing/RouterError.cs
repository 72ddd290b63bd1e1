namespace Berth.Router.Routing;

/// <summary>A response the router writes itself: status and the <c>{"message": ...}</c> text.</summary>
internal readonly record struct RouterError(int Status, string Message);
