/* global React, ReactDOM, GraphiQL, location, document */
// GraphiQL on this service's /graphql, queries over HTTP and subscriptions over WebSocket
// (graphql-transport-ws), every script served by this service from its npm packages.
(function () {
  const ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql'
  const fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: ws })
  const root = ReactDOM.createRoot(document.getElementById('graphiql'))
  root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }))
})()
