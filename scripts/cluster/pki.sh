# Sourced by scripts/cluster.sh: the cluster's private PKI and kubeconfigs, made once in $STATE/pki (keys 0600, dir 0700).
# Two CAs: etcd's (only the apiserver holds a client cert for it) and the cluster's (apiserver, kubelet, users).
# EC P-256 keys: as good as RSA 2048 here, and generated in milliseconds.

new_key() { [ -f "$PKI/$1.key" ] || openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/$1.key" 2>/dev/null; chmod 0600 "$PKI/$1.key"; }

new_ca() {  # new_ca NAME CN
  [ -f "$PKI/$1.crt" ] && return 0
  new_key "$1"
  openssl req -x509 -new -key "$PKI/$1.key" -subj "/CN=$2" -days 3650 -sha256 -out "$PKI/$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null \
    || fail "openssl could not make the CA $1" "check that openssl works (openssl version)"
}

# issue NAME CA SUBJECT USAGE [SANS]: USAGE is serverAuth, clientAuth or both; SANS like "DNS:localhost,IP:127.0.0.1".
issue() {
  local name="$1" ca="$2" subj="$3" usage="$4" sans="${5:-}" ext="$PKI/$1.ext"
  [ -f "$PKI/$name.crt" ] && return 0
  new_key "$name"
  { echo "basicConstraints=critical,CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
    [ "$usage" = both ] && echo "extendedKeyUsage=serverAuth,clientAuth" || echo "extendedKeyUsage=$usage"
    [ -z "$sans" ] || echo "subjectAltName=$sans"; } >"$ext"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" 2>/dev/null \
    | openssl x509 -req -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial -days 3650 -sha256 -extfile "$ext" \
        -out "$PKI/$name.crt" 2>/dev/null \
    || fail "openssl could not issue the certificate $name" "delete $PKI and run scripts/cluster.sh up again"
  rm -f "$ext"
}

# kubeconfig FILE USER CERTNAME: certificates embedded, so the file works wherever it is copied (mode 0600).
kubeconfig() {
  local file="$1" user="$2" cert="$3"
  [ -f "$file" ] && return 0
  cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: berth
  cluster:
    server: $API
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$PKI/$cert.crt")
    client-key-data: $(base64 -w0 "$PKI/$cert.key")
contexts:
- name: berth
  context: {cluster: berth, user: $user}
current-context: berth
EOF
  chmod 0600 "$file.tmp"; mv "$file.tmp" "$file"
}

ensure_pki() {
  mkdir -p "$PKI"; chmod 0700 "$PKI"
  new_ca etcd-ca berth-etcd-ca
  new_ca ca berth-cluster-ca
  issue etcd-server etcd-ca "/CN=etcd" both "DNS:localhost,IP:127.0.0.1"
  issue apiserver-etcd-client etcd-ca "/CN=kube-apiserver-etcd-client" clientAuth
  issue apiserver ca "/CN=kube-apiserver" serverAuth \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1"
  issue apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  issue admin ca "/O=system:masters/CN=berth-admin" clientAuth
  issue scheduler ca "/CN=system:kube-scheduler" clientAuth
  issue controller-manager ca "/CN=system:kube-controller-manager" clientAuth
  issue kubelet-client ca "/O=system:nodes/CN=system:node:$NODE" clientAuth
  issue kubelet-server ca "/CN=$NODE" serverAuth "DNS:$NODE,IP:127.0.0.1"
  new_key sa
  [ -f "$PKI/sa.pub" ] || openssl ec -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  kubeconfig "$STATE/admin.kubeconfig" berth-admin admin
  kubeconfig "$PKI/scheduler.kubeconfig" system:kube-scheduler scheduler
  kubeconfig "$PKI/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
  kubeconfig "$PKI/kubelet.kubeconfig" "system:node:$NODE" kubelet-client
  chmod 0600 "$PKI"/*
}

# The registry's one user: htpasswd (bcrypt) for the registry; the password in registry-credentials (0600, JSON) for
# clients, in a docker config for `DOCKER_CONFIG=$STATE/docker-config docker push`, and in the kubelet's root dir
# (config.json there is read by the kubelet's credential provider, so pods pull without an imagePullSecret).
ensure_registry_credentials() {
  local pass auth
  mkdir -p "$STATE/image-registry/data" "$STATE/docker-config" "$KUBELET_ROOT"
  if [ ! -f "$STATE/registry-credentials" ]; then
    pass="$(openssl rand -hex 24)"
    printf '{"username":"berth","password":"%s","serveraddress":"%s"}\n' "$pass" "$REGISTRY" >"$STATE/registry-credentials"
    htpasswd -Bbn berth "$pass" >"$STATE/image-registry/htpasswd" 2>/dev/null || fail "htpasswd failed" "apt-get install apache2-utils"
  fi
  pass="$(jq -r .password "$STATE/registry-credentials")"
  auth="$(printf 'berth:%s' "$pass" | base64 -w0)"
  printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$REGISTRY" "$auth" >"$STATE/docker-config/config.json"
  cp "$STATE/docker-config/config.json" "$KUBELET_ROOT/config.json"
  chmod 0600 "$STATE/registry-credentials" "$STATE/image-registry/htpasswd" "$STATE/docker-config/config.json" "$KUBELET_ROOT/config.json"
  echo "$REGISTRY" >"$STATE/registry"; chmod 0644 "$STATE/registry"
}
